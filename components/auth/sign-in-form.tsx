"use client";

import { LogIn } from "lucide-react";
import { useState, type FormEvent } from "react";
import { InputField } from "@/components/auth/form-field";
import { Button } from "@/components/ui/button";
import { authClient, safeNextPath } from "@/lib/client/auth-client";

/** `next`: where the person was going before being sent to sign in. */
export function SignInForm({ next: requested }: { next?: string }) {
  const next = safeNextPath(requested);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setProblem(null);
    const { error } = await authClient.signIn.email({ email: String(form.get("email")), password: String(form.get("password")) });
    setBusy(false);
    if (error) {
      setProblem(error.message || "Those details did not work.");
      return;
    }
    // A full load, not a client navigation: the router may hold pages it prefetched before the
    // session existed (each a redirect to this page).
    window.location.assign(next);
  }

  return (
    <form onSubmit={submit} className="space-y-4" noValidate>
      <InputField id="email" label="E-mail" type="email" autoComplete="username" required autoFocus />
      <InputField id="password" label="Password" type="password" autoComplete="current-password" required />
      {problem ? (
        <p role="alert" className="text-sm text-destructive">
          {problem}
        </p>
      ) : null}
      <Button type="submit" className="w-full" disabled={busy}>
        <LogIn aria-hidden /> {busy ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
