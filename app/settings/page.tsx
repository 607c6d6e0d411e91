import type { Metadata } from "next";
import Link from "next/link";
import { Server } from "lucide-react";
import { PageHeader } from "@/components/page-header";
import { buttonVariants } from "@/components/ui/button";
import { SettingsClient } from "./settings-client";

export const metadata: Metadata = { title: "Settings" };

export default function SettingsPage() {
  return (
    <div className="space-y-6">
      <PageHeader
        title="Settings"
        description="Your API keys and sessions; for the owner, the people who use this Batchwise."
        actions={
          <Link href="/settings/providers" className={buttonVariants({ variant: "outline", size: "sm" })}>
            <Server aria-hidden /> Providers and prices
          </Link>
        }
      />
      <SettingsClient />
    </div>
  );
}
