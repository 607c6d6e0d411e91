import type { Metadata } from "next";
import { StreamPageClient } from "./stream-page-client";

export const metadata: Metadata = { title: "Stream" };

export default async function StreamPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <StreamPageClient id={id} />;
}
