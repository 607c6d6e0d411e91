import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { ReviewClient } from "./review-client";

export const metadata: Metadata = { title: "Review" };

export default function ReviewPage() {
  return (
    <div className="space-y-6">
      <PageHeader
        title="Review queue"
        description="Items that still failed after their retries. Retry them, enter the right output yourself, or discard them."
      />
      <ReviewClient />
    </div>
  );
}
