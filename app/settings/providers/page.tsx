import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { ProvidersClient } from "./providers-client";

export const metadata: Metadata = { title: "Providers" };

export default function ProvidersPage() {
  return (
    <div className="space-y-6">
      <PageHeader title="Providers" description="Model endpoints, their keys and limits, and what their models cost." />
      <ProvidersClient />
    </div>
  );
}
