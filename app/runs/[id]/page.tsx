import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { db } from "@/lib/server/db";
import { RunPageClient } from "./run-page-client";

export const metadata: Metadata = { title: "Run" };

export default async function RunPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  // A stream's run is shown as its stream: arrivals, queue and webhooks belong with its items.
  const stream = await db.stream.findUnique({ where: { runId: id }, select: { id: true } });
  if (stream) redirect(`/streams/${stream.id}`);
  return <RunPageClient id={id} />;
}
