import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { ReviewClient } from "./review-client";

export const metadata: Metadata = { title: "Review" };

type Params = Record<"runId" | "datasetId" | "errorKind", string | string[] | undefined>;
const one = (value: string | string[] | undefined) => (typeof value === "string" && value ? value : undefined);

export default async function ReviewPage({ searchParams }: { searchParams: Promise<Params> }) {
  const params = await searchParams;
  return (
    <div className="space-y-6">
      <PageHeader
        title="Review queue"
        description="Items that still failed after their retries. Retry them, enter the right output yourself, or discard them."
      />
      <ReviewClient filter={{ runId: one(params.runId), datasetId: one(params.datasetId), errorKind: one(params.errorKind) }} />
    </div>
  );
}
