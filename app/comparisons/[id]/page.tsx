import type { Metadata } from "next";
import { ComparisonPageClient } from "./comparison-page-client";

export const metadata: Metadata = { title: "Comparison" };

export default async function ComparisonPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <ComparisonPageClient id={id} />;
}
