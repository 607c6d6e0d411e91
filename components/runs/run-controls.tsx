"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { LoaderCircle, Pause, Play, Square } from "lucide-react";
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
import { controlRun, errorMessage, type RunControl } from "@/lib/client/api-client";
import type { RunSummary } from "@/lib/shared/api-types";
import { isRunActive, queryKeys } from "@/lib/client/queries";

const DONE_MESSAGES: Record<RunControl, string> = {
  pause: "Run paused",
  resume: "Run resumed",
  cancel: "Run cancelled",
};

/** Pause / Resume / Cancel, each shown only when the run's status allows it. */
export function RunControls({ run }: { run: RunSummary }) {
  const queryClient = useQueryClient();
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

  return (
    <div className="flex flex-wrap items-center gap-2">
      {run.status === "paused" ? (
        <Button onClick={() => control.mutate("resume")} disabled={busy}>
          {busy && control.variables === "resume" ? spinner : <Play aria-hidden />} Resume
        </Button>
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
    </div>
  );
}
