import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { ReviewClient } from "./review-client";

export const metadata: Metadata = { title: "Review" };

export default async function ReviewPage({ searchParams }: { searchParams: Promise<{ runId?: string | string[] }> }) {
  const { runId } = await searchParams;
  return (
    <div className="space-y-6">
      <PageHeader
        title="Review queue"
        description="Items that still failed after their retries. Retry them, enter the right output yourself, or discard them."
      />
      <ReviewClient runId={typeof runId === "string" && runId ? runId : undefined} />
    </div>
  );
}
