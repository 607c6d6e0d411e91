"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { LoaderCircle, Rocket } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, type ReactNode } from "react";
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
} from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import { OperatorOnly } from "@/components/auth/operator-only";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { createRun, errorMessage, type CreateRunInput } from "@/lib/client/api-client";
import type { RunSummary } from "@/lib/shared/api-types";
import { queryKeys, useRunPreview } from "@/lib/client/queries";
import { PrefilterSummary } from "@/components/runs/prefilter-summary";
import { RunModeField } from "@/components/runs/run-mode-field";
import type { RunMode } from "@/lib/shared/run-settings";
import { formatDuration, formatNumber, formatUsd, formatUsdRange, plural } from "@/lib/shared/format";

/** The full run repeats the sample's settings exactly, and remembers which sample it came from; it may go through the Batch API. */
export function fullRunInput(sample: RunSummary, mode: RunMode = "sync"): CreateRunInput {
  const s = sample.settings;
  return {
    datasetId: sample.datasetId,
    kind: "full",
    prompt: s.prompt.system ? { template: s.prompt.template, system: s.prompt.system } : { template: s.prompt.template },
    model: s.model,
    providerId: sample.provider.id,
    outputSchema: (s.outputSchema as Record<string, unknown> | null) ?? undefined,
    labels: s.labels ?? undefined,
    maxTokens: s.maxTokens ?? undefined,
    batchSize: s.batchSize,
    concurrency: s.concurrency,
    delayMs: s.delayMs,
    maxRetries: s.maxRetries,
    errorThreshold: s.errorThreshold,
    budgetUsd: s.budgetUsd ?? undefined,
    priority: s.priority,
    sourceRunId: sample.id,
    minInputChars: s.minInputChars,
    useCache: s.useCache,
    mode,
  };
}

export function ProjectionCard({ run, className }: { run: RunSummary; className?: string }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const [mode, setMode] = useState<RunMode>("sync");
  const projection = run.projection;
  const canLaunch = run.status === "completed";
  // The full run's pre-filter, once the sample's answers are in the response cache.
  const preview = useRunPreview(canLaunch ? fullRunInput(run, mode) : null);
  const prefilter = preview.data;
  // Once the sample is in, the preview projects from it (after the pre-filter); until then, a rough scale-up.
  const range = prefilter?.projection ?? null;

  const launch = useMutation({
    mutationFn: () => createRun(fullRunInput(run, mode)),
    onSuccess: async (created) => {
      toast.success("Full run started");
      await queryClient.invalidateQueries({ queryKey: queryKeys.runs });
      router.push(`/runs/${created.id}`);
    },
    onError: (error) => toast.error("Could not launch the full run", { description: errorMessage(error) }),
  });

  // Real money is at stake only with a real model: then confirm with the projected cost first.
  const onLaunch = () => (run.simulated ? launch.mutate() : setConfirming(true));
  const costLabel = run.simulated ? "Estimated cost (simulated)" : "Estimated cost";

  return (
    <Card className={className} data-testid="projection-card">
      <CardHeader>
        <CardTitle>Projection for the full dataset</CardTitle>
        <CardDescription>Extrapolated from this sample of {plural(run.total, "item")}.</CardDescription>
      </CardHeader>
      <CardContent className="flex-1">
        {range ? (
          <dl className="grid grid-cols-1 gap-3 text-sm" data-testid="projection-range">
            <Row label="Rows sent">{prefilter ? `${formatNumber(prefilter.toSend)} / ${formatNumber(prefilter.total)}` : "—"}</Row>
            <Row label={costLabel}>{formatUsdRange(range.usdLow, range.usdHigh)}</Row>
            <Row label="Estimated time">{mode === "batch" ? "Within 24 h" : formatDuration(range.seconds)}</Row>
            <p className="text-xs text-muted-foreground">
              Cost: this sample&apos;s cost per item from its 10th to 90th percentile, times the rows sent
              {mode === "batch" ? ", at the Batch API price" : ""}. Time:{" "}
              {mode === "batch"
                ? "the Batch API answers usually within hours, at most in 24 h."
                : "its pace per batch, the delay between batches and known rate limits; paused time not counted."}
            </p>
          </dl>
        ) : projection ? (
          <dl className="grid grid-cols-1 gap-3 text-sm">
            <Row label="Items">{formatNumber(projection.items)}</Row>
            <Row label={`${costLabel} so far`}>{formatUsd(projection.costUsd)}</Row>
            <Row label="Estimated time">{formatDuration(projection.seconds)}</Row>
          </dl>
        ) : (
          <p className="text-sm text-muted-foreground">The projection appears once the sample has processed some items.</p>
        )}
        {canLaunch ? (
          <section className="mt-4 space-y-2 border-t pt-4" aria-label="Pre-filter for the full run" data-testid="projection-prefilter">
            <h3 className="text-sm font-medium">Pre-filter for the full run</h3>
            <PrefilterSummary
              preview={prefilter}
              isPending={preview.isPending}
              isStale={preview.isFetching}
              error={preview.error}
              simulated={run.simulated}
              compact
            />
          </section>
        ) : null}
      </CardContent>
      <OperatorOnly>
        <CardFooter className="flex-col items-stretch gap-2">
          <RunModeField id="full-run-mode" value={mode} onChange={setMode} disabled={!canLaunch || launch.isPending} />
          <Button onClick={onLaunch} disabled={!canLaunch || launch.isPending}>
            {launch.isPending ? <LoaderCircle className="animate-spin" aria-hidden /> : <Rocket aria-hidden />}
            Launch full run
          </Button>
          {!canLaunch ? (
            <p className="text-xs text-muted-foreground">
              {run.status === "failed" || run.status === "cancelled"
                ? "This sample did not complete. Start a new sample from the dataset."
                : "Available when the sample has completed."}
            </p>
          ) : null}
        </CardFooter>
      </OperatorOnly>
      <AlertDialog open={confirming} onOpenChange={setConfirming}>
        <AlertDialogContent>
          <AlertDialogHeader>
            <AlertDialogTitle>Launch the full run?</AlertDialogTitle>
            <AlertDialogDescription>
              {prefilter
                ? `${formatNumber(prefilter.toSend)} of ${plural(prefilter.total, "row")} will be sent to the model (${formatNumber(prefilter.total - prefilter.toSend)} pre-filtered), for an estimated ${range ? formatUsdRange(range.usdLow, range.usdHigh) : formatUsd(prefilter.estimatedCostUsd)}${range ? ` and ${formatDuration(range.seconds)}` : ""}, with this sample's settings.`
                : projection
                  ? `About ${plural(projection.items, "item")}, an estimated ${formatUsd(projection.costUsd)} and ${formatDuration(projection.seconds)}, with this sample's settings.`
                  : "The full dataset will be processed with this sample's settings."}
            </AlertDialogDescription>
          </AlertDialogHeader>
          <AlertDialogFooter>
            <AlertDialogCancel>Not yet</AlertDialogCancel>
            <AlertDialogAction onClick={() => launch.mutate()}>Launch full run</AlertDialogAction>
          </AlertDialogFooter>
        </AlertDialogContent>
      </AlertDialog>
    </Card>
  );
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="flex items-baseline justify-between gap-4 border-b pb-2 last:border-0 last:pb-0">
      <dt className="text-muted-foreground">{label}</dt>
      <dd className="text-lg font-semibold tabular-nums">{children}</dd>
    </div>
  );
}
