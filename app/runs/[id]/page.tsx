import type { Metadata } from "next";
import { RunPageClient } from "./run-page-client";

export const metadata: Metadata = { title: "Run" };

export default async function RunPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <RunPageClient id={id} />;
}
