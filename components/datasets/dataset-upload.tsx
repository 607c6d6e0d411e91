"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { CircleCheck, CircleExclamationPoint, FileUp, LoaderCircle } from "lucide-react";
import Link from "next/link";
import { useId, useRef, useState, type DragEvent } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Progress } from "@/components/ui/progress";
import { ReadAsControls, describeReadAs, type ReadAs } from "@/components/datasets/read-as-controls";
import { deleteDataset, errorMessage, uploadDataset } from "@/lib/client/api-client";
import type { DatasetUploadResult } from "@/lib/shared/api-types";
import { plural } from "@/lib/shared/format";
import { queryKeys } from "@/lib/client/queries";
import { cn } from "@/lib/client/cn";

export function DatasetUpload() {
  const queryClient = useQueryClient();
  const inputRef = useRef<HTMLInputElement>(null);
  const fileInputId = useId();
  const nameInputId = useId();
  const [name, setName] = useState("");
  const [dragging, setDragging] = useState(false);
  const [progress, setProgress] = useState(0);

  const upload = useMutation({
    // A re-read replaces the dataset it corrects, so the list does not fill with near-copies.
    mutationFn: async (request: { file: File; readAs?: ReadAs; replaces?: string }) => {
      setProgress(0);
      const dataset = await uploadDataset(request.file, { name: name.trim() || undefined, ...request.readAs }, setProgress);
      if (request.replaces) await deleteDataset(request.replaces);
      return dataset;
    },
    onSuccess: async (dataset) => {
      toast.success(`Uploaded “${dataset.name}”`, {
        description: `${plural(dataset.rowCount, "row")} · ${plural(dataset.columns.length, "column")}`,
      });
      await queryClient.invalidateQueries({ queryKey: queryKeys.datasets });
    },
    onError: (error) => toast.error("Upload failed", { description: errorMessage(error) }),
    onSettled: () => {
      // Let the same file be picked again after a fix.
      if (inputRef.current) inputRef.current.value = "";
    },
  });

  function start(files: FileList | null) {
    const file = files?.[0];
    if (file && !upload.isPending) upload.mutate({ file });
  }

  function onDrop(event: DragEvent<HTMLDivElement>) {
    event.preventDefault();
    setDragging(false);
    start(event.dataTransfer.files);
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle>Upload a CSV</CardTitle>
        <CardDescription>A header row first; each row becomes one task.</CardDescription>
      </CardHeader>
      <CardContent className="space-y-4">
        <div className="space-y-2">
          <Label htmlFor={nameInputId}>Dataset name (optional)</Label>
          <Input
            id={nameInputId}
            value={name}
            onChange={(event) => setName(event.target.value)}
            placeholder="Defaults to the file name"
            disabled={upload.isPending}
          />
        </div>
        <div
          onDragOver={(event) => {
            event.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
          className={cn(
            "flex flex-col items-center gap-3 rounded-lg border-2 border-dashed px-4 py-8 text-center transition-colors",
            dragging ? "border-primary bg-accent" : "border-border",
          )}
        >
          <FileUp className="size-8 text-muted-foreground" aria-hidden />
          <p className="text-sm text-muted-foreground">Drag and drop a CSV file here, or</p>
          <Button type="button" variant="outline" onClick={() => inputRef.current?.click()} disabled={upload.isPending}>
            Choose file
          </Button>
          <Label htmlFor={fileInputId} className="sr-only">
            CSV file
          </Label>
          <input
            ref={inputRef}
            id={fileInputId}
            type="file"
            accept=".csv,text/csv"
            tabIndex={-1}
            className="sr-only"
            onChange={(event) => start(event.target.files)}
          />
        </div>
        <UploadStatus
          pending={upload.isPending}
          progress={progress}
          fileName={upload.variables?.file.name}
          error={upload.isError ? errorMessage(upload.error) : null}
          dataset={upload.data}
          onReimport={(readAs) => {
            const file = upload.variables?.file;
            if (file && upload.data) upload.mutate({ file, readAs, replaces: upload.data.id });
          }}
        />
      </CardContent>
    </Card>
  );
}

function UploadStatus(props: {
  pending: boolean;
  progress: number;
  fileName: string | undefined;
  error: string | null;
  dataset: DatasetUploadResult | undefined;
  onReimport: (readAs: ReadAs) => void;
}) {
  if (props.pending) {
    const sent = Math.round(props.progress * 100);
    return (
      <div className="space-y-2" data-testid="upload-progress">
        <div className="flex items-center justify-between gap-2 text-sm">
          <span className="flex min-w-0 items-center gap-2">
            <LoaderCircle className="size-4 shrink-0 animate-spin" aria-hidden />
            <span className="truncate">{props.fileName}</span>
          </span>
          <span className="text-muted-foreground">{sent < 100 ? `${sent}%` : "Checking rows…"}</span>
        </div>
        <Progress value={sent} aria-label="Upload progress" />
      </div>
    );
  }
  if (props.error) {
    return (
      <div role="alert" data-testid="upload-error" className="flex gap-2 rounded-md border border-destructive/30 bg-destructive/5 p-3 text-sm">
        <CircleExclamationPoint className="mt-0.5 size-4 shrink-0 text-destructive" aria-hidden />
        <div className="min-w-0">
          <p className="font-medium">Could not upload {props.fileName}</p>
          <p className="break-words text-muted-foreground">{props.error}</p>
        </div>
      </div>
    );
  }
  if (props.dataset) {
    return (
      <div role="status" data-testid="upload-result" className="flex gap-2 rounded-md border border-success/30 bg-success/5 p-3 text-sm">
        <CircleCheck className="mt-0.5 size-4 shrink-0 text-success" aria-hidden />
        <div className="min-w-0 space-y-1">
          <p className="font-medium">
            {props.dataset.name}: {plural(props.dataset.rowCount, "row")}, {plural(props.dataset.columns.length, "column")}
          </p>
          <p className="text-muted-foreground" data-testid="upload-read-as">
            {describeReadAs(props.dataset)}
          </p>
          {props.dataset.warnings.length > 0 && (
            <ul className="list-disc pl-4 text-muted-foreground" aria-label="Upload warnings">
              {props.dataset.warnings.map((warning) => (
                <li key={warning}>{warning}</li>
              ))}
            </ul>
          )}
          <Link href={`/datasets/${props.dataset.id}`} className="font-medium underline underline-offset-4">
            Open dataset and write a prompt
          </Link>
          <ReadAsControls key={props.dataset.id} detected={props.dataset} pending={props.pending} onReimport={props.onReimport} />
        </div>
      </div>
    );
  }
  return null;
}
