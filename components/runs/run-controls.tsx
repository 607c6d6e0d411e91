"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { LoaderCircle, Pause, Play, Settings2, Square, Wallet } from "lucide-react";
import { useId, useState, type FormEvent } from "react";
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
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Switch } from "@/components/ui/switch";
import { Label } from "@/components/ui/label";
import { FormField, describedBy } from "@/components/runs/form-field";
import { changeRun, controlRun, errorMessage, resumeRunWith, type RunChanges, type RunControl } from "@/lib/client/api-client";
import type { RunSummary } from "@/lib/shared/api-types";
import { isRunActive, queryKeys } from "@/lib/client/queries";
import { formatUsd } from "@/lib/shared/format";

const DONE_MESSAGES: Record<RunControl, string> = {
  pause: "Run paused",
  resume: "Run resumed",
  cancel: "Run cancelled",
};

/** Pause / Resume / Cancel, each shown only when the run's status allows it; a paused run's budget and breaker settings. */
export function RunControls({ run }: { run: RunSummary }) {
  const queryClient = useQueryClient();
  const [adjusting, setAdjusting] = useState(false);
  const control = useMutation({
    mutationFn: (action: RunControl) => controlRun(run.id, action),
    onSuccess: async (updated, action) => {
      queryClient.setQueryData(queryKeys.run(run.id), updated);
      toast.success(DONE_MESSAGES[action]);
      await queryClient.invalidateQueries({ queryKey: queryKeys.runs });
    },
    onError: (error, action) => toast.error(`Could not ${action} the run`, { description: errorMessage(error) }),
  });

  if (!isRunActive(run.status)) return null;
  const busy = control.isPending;
  const spinner = <LoaderCircle className="animate-spin" aria-hidden />;
  const paused = run.status === "paused";
  const budgetStop = paused && run.pauseKind === "budget";

  return (
    <div className="flex flex-wrap items-center gap-2" data-testid="run-controls">
      {budgetStop ? (
        // Resuming at the same budget would stop again before the same batch.
        <Button onClick={() => setAdjusting(true)} disabled={busy} data-testid="raise-budget">
          <Wallet aria-hidden /> Raise budget…
        </Button>
      ) : paused ? (
        <>
          <Button onClick={() => control.mutate("resume")} disabled={busy}>
            {busy && control.variables === "resume" ? spinner : <Play aria-hidden />} Resume
          </Button>
          <Button variant="outline" onClick={() => setAdjusting(true)} disabled={busy} data-testid="resume-options">
            <Settings2 aria-hidden /> Resume options…
          </Button>
        </>
      ) : (
        <Button variant="outline" onClick={() => control.mutate("pause")} disabled={busy}>
          {busy && control.variables === "pause" ? spinner : <Pause aria-hidden />} Pause
        </Button>
      )}
      <AlertDialog>
        <AlertDialogTrigger asChild>
          <Button variant="outline" className="text-destructive hover:text-destructive" disabled={busy}>
            {busy && control.variables === "cancel" ? spinner : <Square aria-hidden />} Cancel
          </Button>
        </AlertDialogTrigger>
        <AlertDialogContent>
          <AlertDialogHeader>
            <AlertDialogTitle>Cancel this run?</AlertDialogTitle>
            <AlertDialogDescription>
              Items already processed keep their results and cost; the {run.counts.pending.toLocaleString("en-US")} pending items
              will not be processed. A cancelled run cannot be resumed.
            </AlertDialogDescription>
          </AlertDialogHeader>
          <AlertDialogFooter>
            <AlertDialogCancel>Keep running</AlertDialogCancel>
            <AlertDialogAction destructive onClick={() => control.mutate("cancel")}>
              Cancel run
            </AlertDialogAction>
          </AlertDialogFooter>
        </AlertDialogContent>
      </AlertDialog>
      {paused ? <ResumeOptionsDialog run={run} open={adjusting} onOpenChange={setAdjusting} /> : null}
    </div>
  );
}

interface FormErrors {
  budget?: string;
  threshold?: string;
}

/** Reads the form; returns the changes against the run's settings, or what is wrong. */
function readChanges(run: RunSummary, budgetText: string, thresholdText: string): { changes: RunChanges; errors: FormErrors } {
  const changes: RunChanges = {};
  const errors: FormErrors = {};
  const budget = budgetText.trim() === "" ? null : Number(budgetText);
  if (budget !== null && (!Number.isFinite(budget) || budget <= 0)) errors.budget = "Enter an amount in USD, or leave it empty for no cap.";
  else if (budget !== null && budget < run.cost.usd) errors.budget = `At least what is already spent: ${formatUsd(run.cost.usd)}.`;
  else if (budget !== run.settings.budgetUsd) changes.budgetUsd = budget;
  const threshold = Number(thresholdText);
  if (!Number.isFinite(threshold) || threshold <= 0 || threshold > 100) errors.threshold = "A share of a batch: above 0 and at most 100 %.";
  else if (Math.abs(threshold / 100 - run.settings.errorThreshold) > 1e-9) changes.errorThreshold = threshold / 100;
  return { changes, errors };
}

/**
 * A paused run's budget and error-rate threshold, saved alone (PATCH) or as it resumes, and
 * "don't pause again this pass". For a budget stop the budget comes first.
 */
function ResumeOptionsDialog({ run, open, onOpenChange }: { run: RunSummary; open: boolean; onOpenChange: (open: boolean) => void }) {
  const queryClient = useQueryClient();
  const id = useId();
  const budgetStop = run.pauseKind === "budget";
  const [budgetText, setBudgetText] = useState(run.settings.budgetUsd === null ? "" : String(run.settings.budgetUsd));
  const [thresholdText, setThresholdText] = useState(String(Math.round(run.settings.errorThreshold * 1000) / 10));
  const [ignoreBreaker, setIgnoreBreaker] = useState(false);
  const [errors, setErrors] = useState<FormErrors>({});

  const save = useMutation({
    mutationFn: async ({ resume, changes }: { resume: boolean; changes: RunChanges }) =>
      resume
        ? resumeRunWith(run.id, { ...changes, ...(ignoreBreaker ? { ignoreBreakerThisPass: true } : {}) })
        : changeRun(run.id, changes),
    onSuccess: async (updated, { resume }) => {
      queryClient.setQueryData(queryKeys.run(run.id), updated);
      toast.success(resume ? "Run resumed" : "Settings saved");
      onOpenChange(false);
      await queryClient.invalidateQueries({ queryKey: queryKeys.runs });
    },
    onError: (error, { resume }) => toast.error(resume ? "Could not resume the run" : "Could not save the settings", { description: errorMessage(error) }),
  });

  function submit(resume: boolean) {
    const { changes, errors: found } = readChanges(run, budgetText, thresholdText);
    setErrors(found);
    if (found.budget || found.threshold) return;
    if (!resume && Object.keys(changes).length === 0) {
      onOpenChange(false);
      return;
    }
    save.mutate({ resume, changes });
  }

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    submit(true);
  };
  const pending = save.isPending;
  const budgetId = `${id}-budget`;
  const thresholdId = `${id}-threshold`;
  const ignoreId = `${id}-ignore`;
  const budgetHint = `Spent so far: ${formatUsd(run.cost.usd)}. Empty: no cap.`;
  const thresholdHint = "A batch failing above this share pauses the run.";

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent>
        <form onSubmit={onSubmit} className="space-y-5" noValidate>
          <DialogHeader>
            <DialogTitle>{budgetStop ? "Raise the budget and continue" : "Resume options"}</DialogTitle>
            <DialogDescription>
              {budgetStop && run.progress.unsent
                ? `The budget stopped the run before its next batch. The unsent items are still pending and are sent once the budget allows it.`
                : "Change the budget or the error-rate breaker, then resume. Saved settings apply from the next batch."}
            </DialogDescription>
          </DialogHeader>
          <FormField id={budgetId} label="Budget (USD)" hint={budgetHint} error={errors.budget}>
            <Input
              id={budgetId}
              inputMode="decimal"
              value={budgetText}
              onChange={(event) => setBudgetText(event.target.value)}
              placeholder="No cap"
              autoFocus={budgetStop}
              aria-invalid={errors.budget ? true : undefined}
              aria-describedby={describedBy(budgetId, budgetHint, errors.budget)}
            />
          </FormField>
          <FormField id={thresholdId} label="Error-rate threshold (%)" hint={thresholdHint} error={errors.threshold}>
            <Input
              id={thresholdId}
              inputMode="decimal"
              value={thresholdText}
              onChange={(event) => setThresholdText(event.target.value)}
              aria-invalid={errors.threshold ? true : undefined}
              aria-describedby={describedBy(thresholdId, thresholdHint, errors.threshold)}
            />
          </FormField>
          <div className="flex items-start justify-between gap-4">
            <div className="space-y-1">
              <Label htmlFor={ignoreId}>Don&apos;t pause again this pass</Label>
              <p className="text-xs text-muted-foreground">The breaker stays off until the current pass ends; it is back on for the next retry pass.</p>
            </div>
            <Switch id={ignoreId} checked={ignoreBreaker} onCheckedChange={setIgnoreBreaker} data-testid="ignore-breaker" />
          </div>
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => submit(false)} disabled={pending}>
              Save without resuming
            </Button>
            <Button type="submit" disabled={pending} data-testid="save-and-resume">
              {pending ? <LoaderCircle className="animate-spin" aria-hidden /> : <Play aria-hidden />} Save and resume
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
