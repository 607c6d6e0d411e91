"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Archive, LoaderCircle, Pause, Play } from "lucide-react";
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
import { controlStream, errorMessage, type StreamControl } from "@/lib/client/api-client";
import { queryKeys } from "@/lib/client/queries";
import { streamKeys } from "@/lib/client/stream-queries";
import type { StreamSummary } from "@/lib/shared/api-types";

const DONE: Record<StreamControl, string> = { pause: "Stream paused: arriving items wait", resume: "Stream resumed: its queue drains", archive: "Stream archived" };

export function StreamControls({ stream }: { stream: StreamSummary }) {
  const queryClient = useQueryClient();
  const control = useMutation({
    mutationFn: (action: StreamControl) => controlStream(stream.id, action),
    onSuccess: async (updated, action) => {
      queryClient.setQueryData(streamKeys.stream(stream.id), updated);
      toast.success(DONE[action]);
      await Promise.all([queryClient.invalidateQueries({ queryKey: streamKeys.streams }), queryClient.invalidateQueries({ queryKey: queryKeys.run(stream.runId) })]);
    },
    onError: (error, action) => toast.error(`Could not ${action} the stream`, { description: errorMessage(error) }),
  });
  if (stream.status === "archived") return null;
  const busy = control.isPending;
  const spinner = <LoaderCircle className="animate-spin" aria-hidden />;
  return (
    <div className="flex flex-wrap items-center gap-2" data-testid="stream-controls">
      {stream.status === "paused" ? (
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
            <Archive aria-hidden /> Archive
          </Button>
        </AlertDialogTrigger>
        <AlertDialogContent>
          <AlertDialogHeader>
            <AlertDialogTitle>Archive this stream?</AlertDialogTitle>
            <AlertDialogDescription>It takes no more items; {stream.queueDepth} queued items stay unsent. Its results, review items and export remain.</AlertDialogDescription>
          </AlertDialogHeader>
          <AlertDialogFooter>
            <AlertDialogCancel>Keep it</AlertDialogCancel>
            <AlertDialogAction onClick={() => control.mutate("archive")}>Archive</AlertDialogAction>
          </AlertDialogFooter>
        </AlertDialogContent>
      </AlertDialog>
    </div>
  );
}
