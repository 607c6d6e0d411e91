import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { SettingsClient } from "./settings-client";

export const metadata: Metadata = { title: "Settings" };

export default function SettingsPage() {
  return (
    <div className="space-y-6">
      <PageHeader title="Settings" description="Your API keys and sessions; for the owner, the people who use this Batchwise." />
      <SettingsClient />
    </div>
  );
}
