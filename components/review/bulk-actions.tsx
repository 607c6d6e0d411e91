"use client";

// Acting on many items at once: the selection or every item matching the filter. Each action is a
// background job (202), followed by a toast with its progress. A retry can carry the reviewer's own
// resolutions from the same run as examples; the dialog lists exactly which ones.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Check, LoaderCircle, RotateCcw, Trash, X } from "lucide-react";
import { useEffect, useState } from "react";
import { toast } from "sonner";
import { Kbd } from "@/components/review/review-detail";
import { ResolveDialog } from "@/components/review/resolve-dialog";
import { followReviewJob } from "@/components/review/review-job-progress";
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
} from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { createReviewJob, errorMessage, type ReviewJobInput } from "@/lib/client/api-client";
import { useReviewExamples } from "@/lib/client/queries";
import type { ReviewAction, ReviewFilter, ReviewJob } from "@/lib/shared/api-types";
import { formatNumber, plural } from "@/lib/shared/format";

export type BulkScope = { itemIds: string[] } | { filter: ReviewFilter };

export function BulkActions(props: {
  count: number;
  scope: BulkScope;
  /** The one run every item in scope belongs to, if there is one: examples come from it. */
  runId: string | null;
  dialog: ReviewAction | null;
  onDialogChange: (dialog: ReviewAction | null) => void;
  onStarted: (job: ReviewJob) => void;
  onClear: () => void;
}) {
  const queryClient = useQueryClient();
  const start = useMutation({
    mutationFn: (body: ReviewJobInput) => createReviewJob(body),
    onSuccess: (job) => {
      props.onDialogChange(null);
      props.onStarted(job);
      void followReviewJob(job, queryClient);
    },
    onError: (error, body) => toast.error(`Could not ${body.action} the items`, { description: errorMessage(error) }),
  });
  const items = plural(props.count, "item");
  const pending = start.isPending ? start.variables?.action : null;

  return (
    <>
      <div className="flex flex-wrap items-center gap-2" data-testid="bulk-actions">
        <Button size="sm" onClick={() => props.onDialogChange("retry")} disabled={start.isPending}>
          {pending === "retry" ? <LoaderCircle className="animate-spin" aria-hidden /> : <RotateCcw aria-hidden />} Retry {formatNumber(props.count)}
        </Button>
        <Button size="sm" variant="outline" onClick={() => props.onDialogChange("resolve")} disabled={start.isPending}>
          <Check aria-hidden /> Resolve
        </Button>
        <Button size="sm" variant="outline" className="text-destructive hover:text-destructive" onClick={() => props.onDialogChange("discard")} disabled={start.isPending}>
          <Trash aria-hidden /> Discard
        </Button>
        <Button size="sm" variant="ghost" onClick={props.onClear}>
          <X aria-hidden /> Clear <Kbd>esc</Kbd>
        </Button>
      </div>

      <RetryDialog
        open={props.dialog === "retry"}
        onOpenChange={(open) => props.onDialogChange(open ? "retry" : null)}
        items={items}
        runId={props.runId}
        pending={pending === "retry"}
        onRetry={(exampleItemIds) => start.mutate({ ...props.scope, action: "retry", ...(exampleItemIds.length ? { exampleItemIds } : {}) })}
      />
      <ResolveDialog
        open={props.dialog === "resolve"}
        onOpenChange={(open) => props.onDialogChange(open ? "resolve" : null)}
        title={`Resolve ${items}`}
        description={`Each of the ${items} is marked completed with the output you enter.`}
        initialOutput=""
        pending={pending === "resolve"}
        onResolve={(output) => start.mutate({ ...props.scope, action: "resolve", output })}
      />
      <AlertDialog open={props.dialog === "discard"} onOpenChange={(open) => props.onDialogChange(open ? "discard" : null)}>
        <AlertDialogContent>
          <AlertDialogHeader>
            <AlertDialogTitle>Discard {items}?</AlertDialogTitle>
            <AlertDialogDescription>They stay without an output and leave the review queue. Their inputs and errors stay visible on the run.</AlertDialogDescription>
          </AlertDialogHeader>
          <AlertDialogFooter>
            <AlertDialogCancel>Keep them</AlertDialogCancel>
            <AlertDialogAction destructive onClick={() => start.mutate({ ...props.scope, action: "discard" })}>
              Discard {items}
            </AlertDialogAction>
          </AlertDialogFooter>
        </AlertDialogContent>
      </AlertDialog>
    </>
  );
}

function RetryDialog(props: { open: boolean; onOpenChange: (open: boolean) => void; items: string; runId: string | null; pending: boolean; onRetry: (exampleItemIds: string[]) => void }) {
  const examples = useReviewExamples(props.open ? props.runId : null);
  const [useExamples, setUseExamples] = useState(false);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const available = examples.data?.items ?? [];

  useEffect(() => {
    if (props.open) setUseExamples(false);
  }, [props.open]);
  useEffect(() => {
    setChosen(new Set((examples.data?.items ?? []).map((e) => e.itemId)));
  }, [examples.data]);

  const selected = useExamples ? available.filter((e) => chosen.has(e.itemId)) : [];

  return (
    <Dialog open={props.open} onOpenChange={props.onOpenChange}>
      <DialogContent className="sm:max-w-xl">
        <form
          className="grid gap-4"
          onSubmit={(event) => {
            event.preventDefault();
            props.onRetry(selected.map((e) => e.itemId));
          }}
        >
          <DialogHeader>
            <DialogTitle>Retry {props.items}</DialogTitle>
            <DialogDescription>Each item is sent to the model once more, in the background. Items that fail again stay in review.</DialogDescription>
          </DialogHeader>
          <fieldset className="space-y-2 rounded-md border p-3">
            <legend className="px-1 text-sm font-medium">Your resolutions as examples</legend>
            {props.runId === null ? (
              <p className="text-sm text-muted-foreground">The items come from several runs. Filter by one run to send your resolutions from it as examples.</p>
            ) : examples.isPending ? (
              <p className="text-sm text-muted-foreground">Looking for your resolutions in this run…</p>
            ) : available.length === 0 ? (
              <p className="text-sm text-muted-foreground">You have not resolved any item of this run yet. Resolve a few by hand, and they can be sent as examples.</p>
            ) : (
              <>
                <label className="flex items-start gap-2 text-sm">
                  <input type="checkbox" className="mt-0.5 size-4 accent-primary" checked={useExamples} onChange={(event) => setUseExamples(event.target.checked)} />
                  <span>
                    Send {plural(chosen.size, "resolution")} of yours from this run with every prompt, as examples (input → the output you wrote)
                  </span>
                </label>
                <ul className="max-h-56 space-y-1.5 overflow-y-auto" aria-label="Examples">
                  {available.map((example) => (
                    <li key={example.itemId} className="flex items-start gap-2 rounded-md bg-muted/50 p-2 text-xs">
                      <input
                        type="checkbox"
                        className="mt-0.5 size-4 shrink-0 accent-primary"
                        aria-label={`Use row ${example.rowIndex + 1} as an example`}
                        disabled={!useExamples}
                        checked={chosen.has(example.itemId)}
                        onChange={(event) => {
                          const next = new Set(chosen);
                          if (event.target.checked) next.add(example.itemId);
                          else next.delete(example.itemId);
                          setChosen(next);
                        }}
                      />
                      <div className="min-w-0 space-y-0.5">
                        <p className="font-medium">Row {example.rowIndex + 1}</p>
                        <p className="line-clamp-2 break-words text-muted-foreground">{example.input}</p>
                        <p className="break-words">→ {example.output}</p>
                      </div>
                    </li>
                  ))}
                </ul>
                <p className="text-xs text-muted-foreground" data-testid="examples-used">
                  {selected.length > 0 ? `${plural(selected.length, "example")} will be sent before each item's prompt.` : "No examples will be sent."}
                </p>
              </>
            )}
          </fieldset>
          <DialogFooter>
            <DialogClose asChild>
              <Button type="button" variant="outline">
                Cancel
              </Button>
            </DialogClose>
            <Button type="submit" disabled={props.pending} autoFocus>
              {props.pending ? <LoaderCircle className="animate-spin" aria-hidden /> : <RotateCcw aria-hidden />}
              Retry {props.items}
              {selected.length > 0 ? ` with ${plural(selected.length, "example")}` : ""}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
