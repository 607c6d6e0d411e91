"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Lightbulb, LoaderCircle, Rocket } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { RunStatusBadge } from "@/components/status-badge";
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
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { errorMessage } from "@/lib/client/api-client";
import { comparisonKeys, launchComparison } from "@/lib/client/comparisons";
import { useCan } from "@/lib/client/queries";
import type { ComparisonDetail } from "@/lib/shared/comparison-types";
import { formatDate, formatPercent, formatUsd } from "@/lib/shared/format";

/** The gate's verdict, the saving, and the full run in one click (confirmed when nothing was judged). */
export function SuggestionCard({ comparison }: { comparison: ComparisonDetail }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const canLaunch = useCan("operator");
  const { suggestion } = comparison;
  const [chosen, setChosen] = useState<number | null>(null);
  const [confirmOpen, setConfirmOpen] = useState(false);
  const variant = chosen ?? suggestion?.variant ?? comparison.reference;
  const model = comparison.variants[variant]?.model ?? "";

  const launch = useMutation({
    mutationFn: (confirmUnjudged: boolean) => launchComparison(comparison.id, { variant, confirmUnjudged }),
    onSuccess: async (run) => {
      toast.success(`Full run of ${model} started`);
      await queryClient.invalidateQueries({ queryKey: comparisonKeys.detail(comparison.id) });
      router.push(`/runs/${encodeURIComponent(run.id)}`);
    },
    onError: (error) => toast.error("Could not launch the full run", { description: errorMessage(error) }),
  });

  function onLaunch() {
    if (comparison.judged === 0) setConfirmOpen(true);
    else launch.mutate(false);
  }

  const gate = `${comparison.gate.metric} ≥ ${formatPercent(comparison.gate.min, 0)}`;
  let headline: string;
  if (comparison.status === "running") headline = "Waiting for every variant to finish its sample…";
  else if (suggestion) headline = suggestion.reason;
  else headline = `No variant clears the gate (${gate}). ${comparison.gate.metric === "approval" ? "Judge more rows, or" : "Improve the prompt, or"} lower the bar.`;

  return (
    <Card className={suggestion ? "border-success/50" : undefined} data-testid="suggestion-card">
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          <Lightbulb className="size-4 text-warning" aria-hidden /> Suggestion
        </CardTitle>
        <CardDescription data-testid="suggestion-text">{headline}</CardDescription>
      </CardHeader>
      <CardContent className="space-y-3">
        {suggestion && suggestion.savingUsd > 0 ? (
          <p className="text-2xl font-semibold tabular-nums" data-testid="suggestion-saving">
            saves ~{formatUsd(suggestion.savingUsd)} <span className="text-sm font-normal text-muted-foreground">on the full dataset</span>
          </p>
        ) : null}
        {canLaunch ? (
          <div className="flex flex-wrap items-center gap-2">
            <Select value={String(variant)} onValueChange={(value) => setChosen(Number(value))}>
              <SelectTrigger className="w-full sm:w-56" aria-label="Variant to launch">
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                {comparison.variants.map((v) => (
                  <SelectItem key={v.index} value={String(v.index)}>
                    {v.index + 1}. {v.model}
                    {v.index === suggestion?.variant ? " (suggested)" : ""}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
            <Button onClick={onLaunch} disabled={launch.isPending || comparison.status === "running"}>
              {launch.isPending ? <LoaderCircle className="animate-spin" aria-hidden /> : <Rocket aria-hidden />}
              Launch full run
            </Button>
          </div>
        ) : null}
        {comparison.launches.length > 0 ? (
          <ul className="space-y-1 text-sm" aria-label="Full runs launched from this comparison">
            {comparison.launches.map((run) => (
              <li key={run.runId} className="flex flex-wrap items-center gap-2">
                <RunStatusBadge status={run.status} />
                <Link className="underline-offset-2 hover:underline" href={`/runs/${encodeURIComponent(run.runId)}`}>
                  Full run of {comparison.variants[run.variant]?.model ?? "a variant"}
                </Link>
                <span className="text-muted-foreground">{formatDate(run.createdAt)}</span>
              </li>
            ))}
          </ul>
        ) : null}
      </CardContent>
      <AlertDialog open={confirmOpen} onOpenChange={setConfirmOpen}>
        <AlertDialogContent>
          <AlertDialogHeader>
            <AlertDialogTitle>Launch without judging any row?</AlertDialogTitle>
            <AlertDialogDescription>
              Nobody has approved or rejected an answer of this comparison yet. The full run of {model} will use the sample&apos;s settings on every row of the dataset.
            </AlertDialogDescription>
          </AlertDialogHeader>
          <AlertDialogFooter>
            <AlertDialogCancel>Judge rows first</AlertDialogCancel>
            <AlertDialogAction onClick={() => launch.mutate(true)}>Launch anyway</AlertDialogAction>
          </AlertDialogFooter>
        </AlertDialogContent>
      </AlertDialog>
    </Card>
  );
}
