"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ChevronRight, LoaderCircle, RotateCcw, Trash } from "lucide-react";
import Link from "next/link";
import { toast } from "sonner";
import { ResolveDialog } from "@/components/review/resolve-dialog";
import { ItemStatusBadge } from "@/components/status-badge";
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
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardAction, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { actOnReviewItem, errorMessage } from "@/lib/client/api-client";
import type { ReviewAction, ReviewItem } from "@/lib/shared/api-types";
import { queryKeys } from "@/lib/client/queries";
import { formatDate, plural } from "@/lib/shared/format";

type ReviewBody = { action: ReviewAction; output?: string; input?: string };

const DONE_MESSAGES: Record<ReviewAction, string> = {
  retry: "Item queued for another try",
  resolve: "Item resolved with your output",
  discard: "Item discarded",
};

export function ReviewCard({ item }: { item: ReviewItem }) {
  const queryClient = useQueryClient();
  const act = useMutation({
    mutationFn: (body: ReviewBody) => actOnReviewItem(item.id, body),
    onSuccess: async (_row, body) => {
      toast.success(DONE_MESSAGES[body.action]);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.review }),
        queryClient.invalidateQueries({ queryKey: queryKeys.runs }),
      ]);
    },
    onError: (error, body) => toast.error(`Could not ${body.action} the item`, { description: errorMessage(error) }),
  });
  const busy = act.isPending;
  const spinner = <LoaderCircle className="animate-spin" aria-hidden />;

  return (
    <li data-testid="review-item" data-item-id={item.id}>
      <Card className="gap-4">
        <CardHeader>
          <CardTitle className="text-base">
            Row {item.rowIndex + 1} · {item.datasetName}
          </CardTitle>
          <CardDescription className="flex flex-wrap gap-x-3">
            <Link href={`/runs/${item.runId}`} className="underline underline-offset-4 hover:text-foreground">
              Run {item.runId.slice(0, 8)}
            </Link>
            <span className="font-mono">{item.model}</span>
            <span>
              {plural(item.attempts, "attempt")}
            </span>
          </CardDescription>
          <CardAction>
            <ItemStatusBadge status={item.status} />
          </CardAction>
        </CardHeader>
        <CardContent className="grid gap-4 lg:grid-cols-2">
          <section aria-label="Input" className="min-w-0 space-y-1.5">
            <h3 className="text-xs font-medium text-muted-foreground">Input</h3>
            <pre className="max-h-48 overflow-auto whitespace-pre-wrap break-words rounded-md bg-muted/60 p-3 font-sans text-[13px]">{item.input}</pre>
          </section>
          <section aria-label="Last error" className="min-w-0 space-y-2">
            <h3 className="text-xs font-medium text-muted-foreground">Last error</h3>
            <div className="flex flex-wrap items-center gap-2">
              {item.errorKind ? (
                <Badge variant="destructive" className="font-mono">
                  {item.errorKind}
                </Badge>
              ) : null}
              <p className="text-sm wrap-anywhere">{item.errorMessage ?? "No message recorded."}</p>
            </div>
            {item.output ? (
              <p className="line-clamp-3 text-sm text-muted-foreground" title={item.output}>
                Last output: {item.output}
              </p>
            ) : null}
            <AttemptHistory attempts={item.attemptErrors} />
          </section>
        </CardContent>
        <CardFooter className="flex-wrap justify-end gap-2 border-t pt-4">
          <Button variant="outline" onClick={() => act.mutate({ action: "retry" })} disabled={busy}>
            {busy && act.variables?.action === "retry" ? spinner : <RotateCcw aria-hidden />} Retry
          </Button>
          <ResolveDialog
            initialOutput={item.output ?? ""}
            pending={busy && act.variables?.action === "resolve"}
            disabled={busy}
            onResolve={(output, onDone) => act.mutate({ action: "resolve", output }, { onSuccess: onDone })}
          />
          <AlertDialog>
            <AlertDialogTrigger asChild>
              <Button variant="outline" className="text-destructive hover:text-destructive" disabled={busy}>
                {busy && act.variables?.action === "discard" ? spinner : <Trash aria-hidden />} Discard
              </Button>
            </AlertDialogTrigger>
            <AlertDialogContent>
              <AlertDialogHeader>
                <AlertDialogTitle>Discard this item?</AlertDialogTitle>
                <AlertDialogDescription>Row {item.rowIndex + 1} will stay without an output and leave the review queue.</AlertDialogDescription>
              </AlertDialogHeader>
              <AlertDialogFooter>
                <AlertDialogCancel>Keep it</AlertDialogCancel>
                <AlertDialogAction destructive onClick={() => act.mutate({ action: "discard" })}>
                  Discard item
                </AlertDialogAction>
              </AlertDialogFooter>
            </AlertDialogContent>
          </AlertDialog>
        </CardFooter>
      </Card>
    </li>
  );
}

function AttemptHistory({ attempts }: { attempts: ReviewItem["attemptErrors"] }) {
  if (attempts.length === 0) return null;
  return (
    <details className="group rounded-md border">
      <summary className="flex cursor-pointer list-none items-center gap-1.5 rounded-md px-3 py-2 text-sm font-medium outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50 [&::-webkit-details-marker]:hidden">
        <ChevronRight className="size-4 transition-transform group-open:rotate-90" aria-hidden />
        Attempt history ({attempts.length})
      </summary>
      <ol className="space-y-2 border-t px-3 py-2 text-sm">
        {attempts.map((attempt, index) => (
          <li key={`${attempt.pass}-${attempt.at}-${index}`} className="flex flex-wrap items-baseline gap-x-2">
            <span className="text-xs text-muted-foreground">Attempt {index + 1}</span>
            {attempt.errorKind ? <span className="font-mono text-xs text-destructive">{attempt.errorKind}</span> : null}
            <span className="min-w-0 break-words">{attempt.errorMessage ?? "—"}</span>
            <span className="ml-auto text-xs text-muted-foreground">{formatDate(attempt.at)}</span>
          </li>
        ))}
      </ol>
    </details>
  );
}
