import type { Metadata } from "next";
import { Suspense } from "react";
import { PageHeader } from "@/components/page-header";
import { RunsTable } from "@/components/runs/runs-table";

export const metadata: Metadata = { title: "Runs" };

export default function RunsPage() {
  return (
    <div className="space-y-6">
      <PageHeader title="Runs" description="Every sample and full run, newest first. Active runs refresh live." />
      {/* The filters live in the URL, which a prerendered page only knows in the browser. */}
      <Suspense>
        <RunsTable />
      </Suspense>
    </div>
  );
}
