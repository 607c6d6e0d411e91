"use client";

import { Clock, PiggyBank } from "lucide-react";
import { Label } from "@/components/ui/label";
import { Switch } from "@/components/ui/switch";
import type { RunMode } from "@/lib/shared/run-settings";

/**
 * Sync or Batch API, with the trade spelled out where the choice is made: half the price, for
 * results that usually take hours (at most 24). One field, so any form can hold it.
 */
export function RunModeField({ id = "run-mode", value, onChange, disabled }: { id?: string; value: RunMode; onChange: (mode: RunMode) => void; disabled?: boolean }) {
  const batch = value === "batch";
  return (
    <div className="space-y-1.5" data-testid="run-mode-field">
      <Label htmlFor={id}>Batch API</Label>
      <div className="flex min-h-9 items-center gap-3">
        <Switch id={id} checked={batch} disabled={disabled} onCheckedChange={(on) => onChange(on ? "batch" : "sync")} aria-describedby={`${id}-hint`} />
        <span className="text-sm">{batch ? "Half price, results within 24 h" : "Results as they come"}</span>
      </div>
      <p id={`${id}-hint`} className="flex gap-1.5 text-xs text-muted-foreground">
        {batch ? <PiggyBank className="mt-px size-3.5 shrink-0" aria-hidden /> : <Clock className="mt-px size-3.5 shrink-0" aria-hidden />}
        {batch
          ? "Sent as one job through the provider's Batch API: billed at half the price, results usually within hours and at most 24 h. Items the batch does not reach are sent normally."
          : "Each item is its own call: results start at once, at the full price. The Batch API costs half, with results within 24 h."}
      </p>
    </div>
  );
}
