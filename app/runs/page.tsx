import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { RunsTable } from "@/components/runs/runs-table";

export const metadata: Metadata = { title: "Runs" };

export default function RunsPage() {
  return (
    <div className="space-y-6">
      <PageHeader title="Runs" description="Every sample and full run, newest first. Active runs refresh live." />
      <RunsTable />
    </div>
  );
}
