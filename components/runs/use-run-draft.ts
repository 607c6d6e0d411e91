"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { useWatch, type UseFormReturn } from "react-hook-form";
import { toast } from "sonner";
import { draftToFormValues, runToFormValues, type RunFormInput, type RunFormOutput } from "@/components/runs/run-form-values";
import { errorMessage, fetchRun, fetchRunDraft, saveRunDraft } from "@/lib/client/api-client";
import { useDebouncedValue } from "@/lib/client/use-debounced-value";

/** Saved once typing pauses this long: often enough to lose nothing, rarely enough to write little. */
export const DRAFT_SAVE_DEBOUNCE_MS = 800;

export type DraftState = "loading" | "idle" | "saving" | "saved" | "error";

/**
 * The form's draft on the server, per dataset and person: loaded once into the form (or, for "Edit and
 * run again", that run's settings instead), then saved as the person types. Nothing is saved before
 * the load, so an empty form never overwrites a draft.
 */
export function useRunDraft(datasetId: string, form: UseFormReturn<RunFormInput, unknown, RunFormOutput>, fromRunId: string | null) {
  const draft = useQuery({
    queryKey: ["datasets", datasetId, "draft"],
    queryFn: () => fetchRunDraft(datasetId),
    staleTime: Number.POSITIVE_INFINITY,
    refetchOnWindowFocus: false,
    enabled: fromRunId === null,
  });
  const fromRun = useQuery({
    queryKey: ["runs", fromRunId, "settings"],
    queryFn: () => fetchRun(fromRunId ?? ""),
    enabled: fromRunId !== null,
    staleTime: Number.POSITIVE_INFINITY,
  });
  const [loaded, setLoaded] = useState(false);
  // A draft that could not be read must not be overwritten by a form that never saw it.
  const [saving, setSaving] = useState(true);
  const lastSaved = useRef<string | null>(null);

  useEffect(() => {
    if (loaded) return;
    if (fromRunId !== null) {
      if (fromRun.data && fromRun.data.datasetId !== datasetId) {
        toast.error("That run is of another dataset", { description: "The form keeps your draft for this one." });
        setLoaded(true);
        setSaving(false);
      } else if (fromRun.data) {
        form.reset(runToFormValues(fromRun.data.settings, fromRun.data.provider.id));
        setLoaded(true);
      } else if (fromRun.error) {
        toast.error("Could not load that run's settings", { description: errorMessage(fromRun.error) });
        setLoaded(true);
        setSaving(false);
      }
      return;
    }
    if (draft.data) {
      if (draft.data.draft) {
        const values = draftToFormValues(draft.data.draft.values);
        form.reset(values);
        lastSaved.current = JSON.stringify(values);
      }
      setLoaded(true);
    } else if (draft.error) {
      toast.error("Could not load your draft", { description: `${errorMessage(draft.error)} Changes here are not saved as a draft.` });
      setLoaded(true);
      setSaving(false);
    }
  }, [loaded, fromRunId, fromRun.data, fromRun.error, draft.data, draft.error, form, datasetId]);

  const save = useMutation({
    mutationFn: (text: string) => saveRunDraft(datasetId, JSON.parse(text) as Record<string, unknown>),
    onSuccess: (_saved, text) => {
      lastSaved.current = text;
    },
  });

  const values = useWatch({ control: form.control });
  const current = JSON.stringify(values);
  const settled = useDebouncedValue(current, DRAFT_SAVE_DEBOUNCE_MS);
  const { mutate } = save;
  useEffect(() => {
    // Only a value typing has paused on (settled === current) and that differs from the saved one.
    if (!loaded || !saving || settled !== current || settled === lastSaved.current) return;
    mutate(settled);
  }, [loaded, saving, settled, current, mutate]);

  const state: DraftState = !loaded
    ? "loading"
    : save.isPending
      ? "saving"
      : save.isError || !saving
        ? "error"
        : lastSaved.current === current
          ? "saved"
          : "idle";
  return { loaded, state, fromRun: fromRun.data ?? null };
}
