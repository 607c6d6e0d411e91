"use client";

import { LogOut } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { authClient } from "@/lib/client/auth-client";

/** Sign out of every browser at once, e.g. after using a shared machine. */
export function SessionsCard() {
  const [busy, setBusy] = useState(false);
  async function signOutEverywhere() {
    setBusy(true);
    const { error } = await authClient.revokeSessions();
    if (error) {
      setBusy(false);
      toast.error("Could not sign out everywhere", { description: error.message });
      return;
    }
    window.location.assign("/sign-in");
  }
  return (
    <Card>
      <CardHeader>
        <CardTitle>Sessions</CardTitle>
        <CardDescription>Signs this account out of every browser, this one included. API keys keep working.</CardDescription>
      </CardHeader>
      <CardContent>
        <Button variant="outline" onClick={() => void signOutEverywhere()} disabled={busy}>
          <LogOut aria-hidden /> Sign out everywhere
        </Button>
      </CardContent>
    </Card>
  );
}
