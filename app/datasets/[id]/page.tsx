import type { Metadata } from "next";
import { DatasetPageClient } from "./dataset-page-client";

export const metadata: Metadata = { title: "Dataset" };

/** `?from=<runId>`: "Edit and run again" opens the new-run form filled with that run's settings. */
export default async function DatasetPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ from?: string | string[] }> }) {
  const { id } = await params;
  const { from } = await searchParams;
  return <DatasetPageClient id={id} fromRunId={typeof from === "string" && from !== "" ? from : null} />;
}
