"use client";

// On an ended run with items in review: how many, and one click to retry or discard them all.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ClipboardCheck, LoaderCircle, RotateCcw, Trash2 } from "lucide-react";
import Link from "next/link";
import { toast } from "sonner";
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
  AlertDialogTrigger,
} from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { followReviewJob } from "@/components/review/review-job-progress";
import { createReviewJob, errorMessage } from "@/lib/client/api-client";
import type { RunSummary } from "@/lib/shared/api-types";
import { queryKeys } from "@/lib/client/queries";
import { formatNumber, plural } from "@/lib/shared/format";

const itemCount = (n: number) => plural(n, "item");

export function ReviewSummaryCard({ run }: { run: RunSummary }) {
  const queryClient = useQueryClient();
  const waiting = run.counts.needs_review;
  const act = useMutation({
    // Answered 202 at once: the job runs on the executor and a toast follows its progress.
    mutationFn: (action: "retry" | "discard") => createReviewJob({ action, filter: { runId: run.id } }),
    onSuccess: (job) => {
      toast.message(`${job.action === "retry" ? "Retrying" : "Discarding"} ${itemCount(job.total)} in the background`);
      void followReviewJob(job, queryClient).then(() => queryClient.invalidateQueries({ queryKey: queryKeys.run(run.id) }));
    },
    onError: (error) => toast.error("Could not act on the review queue", { description: errorMessage(error) }),
  });

  if (waiting === 0) return null;
  return (
    <Card data-testid="review-summary">
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          <ClipboardCheck className="size-4 text-warning" aria-hidden />
          {formatNumber(waiting)} {waiting === 1 ? "item needs" : "items need"} review
        </CardTitle>
        <CardDescription>
          They still failed after {plural(run.settings.maxRetries, "retry", "retries")}. Look at them one by one, or, once the
          cause is fixed, retry them all.
        </CardDescription>
      </CardHeader>
      <CardContent className="flex flex-wrap gap-2">
        <Button asChild variant="outline" size="sm">
          <Link href={`/review?runId=${encodeURIComponent(run.id)}`}>Open the review queue</Link>
        </Button>
        <Button size="sm" onClick={() => act.mutate("retry")} disabled={act.isPending}>
          {act.isPending && act.variables === "retry" ? <LoaderCircle className="animate-spin" aria-hidden /> : <RotateCcw aria-hidden />}
          Retry all
        </Button>
        <AlertDialog>
          <AlertDialogTrigger asChild>
            <Button size="sm" variant="outline" disabled={act.isPending}>
              <Trash2 aria-hidden />
              Discard all
            </Button>
          </AlertDialogTrigger>
          <AlertDialogContent>
            <AlertDialogHeader>
              <AlertDialogTitle>Discard {plural(waiting, "item")}?</AlertDialogTitle>
              <AlertDialogDescription>They are marked skipped and left out of the results. Their inputs and errors stay visible.</AlertDialogDescription>
            </AlertDialogHeader>
            <AlertDialogFooter>
              <AlertDialogCancel>Keep them</AlertDialogCancel>
              <AlertDialogAction onClick={() => act.mutate("discard")}>Discard all</AlertDialogAction>
            </AlertDialogFooter>
          </AlertDialogContent>
        </AlertDialog>
      </CardContent>
    </Card>
  );
}
