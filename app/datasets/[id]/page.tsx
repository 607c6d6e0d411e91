import type { Metadata } from "next";
import { DatasetPageClient } from "./dataset-page-client";

export const metadata: Metadata = { title: "Dataset" };

export default async function DatasetPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <DatasetPageClient id={id} />;
}
