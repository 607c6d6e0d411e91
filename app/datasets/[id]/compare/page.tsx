import type { Metadata } from "next";
import { NewComparisonClient } from "./new-comparison-client";

export const metadata: Metadata = { title: "Compare models" };

export default async function NewComparisonPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <NewComparisonClient datasetId={id} />;
}
