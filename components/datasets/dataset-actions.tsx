"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { LoaderCircle, Pencil, Trash } from "lucide-react";
import { useRouter } from "next/navigation";
import { useId, useState, type FormEvent } from "react";
import { toast } from "sonner";
import {
  AlertDialog,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
  AlertDialogTrigger,
} from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { deleteDataset, errorMessage, renameDataset } from "@/lib/client/api-client";
import type { DatasetDetail, DatasetSummary } from "@/lib/shared/api-types";
import { queryKeys } from "@/lib/client/queries";
import { plural } from "@/lib/shared/format";

/** DATASET_NAME_MAX in lib/server/datasets/schema.ts, which the browser does not load (it pulls in the CSV parser). */
const NAME_MAX_CHARS = 200;

/** Rename and Delete, for the dataset page's header. */
export function DatasetActions({ dataset }: { dataset: DatasetSummary }) {
  return (
    <>
      <RenameDatasetDialog dataset={dataset} />
      <DeleteDatasetDialog dataset={dataset} />
    </>
  );
}

function RenameDatasetDialog({ dataset }: { dataset: DatasetSummary }) {
  const queryClient = useQueryClient();
  const inputId = useId();
  const errorId = useId();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState(dataset.name);

  const rename = useMutation({
    mutationFn: (newName: string) => renameDataset(dataset.id, newName),
    onSuccess: async (updated) => {
      queryClient.setQueryData<DatasetDetail>(queryKeys.datasetSummary(dataset.id), (old) => old && { ...old, ...updated });
      setOpen(false);
      toast.success(`Renamed to “${updated.name}”`);
      await queryClient.invalidateQueries({ queryKey: queryKeys.datasets, exact: true });
    },
  });

  function onOpenChange(next: boolean) {
    setOpen(next);
    if (next) {
      setName(dataset.name);
      rename.reset();
    }
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    rename.mutate(name);
  }

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        <Button variant="outline" size="sm">
          <Pencil aria-hidden /> Rename
        </Button>
      </DialogTrigger>
      <DialogContent>
        <form onSubmit={onSubmit} className="grid gap-4">
          <DialogHeader>
            <DialogTitle>Rename dataset</DialogTitle>
            <DialogDescription>The name shows in the dataset list and on its runs.</DialogDescription>
          </DialogHeader>
          <div className="grid gap-2">
            <Label htmlFor={inputId}>Name</Label>
            <Input
              id={inputId}
              value={name}
              onChange={(event) => setName(event.target.value)}
              maxLength={NAME_MAX_CHARS}
              required
              autoComplete="off"
              aria-invalid={rename.isError || undefined}
              aria-describedby={rename.isError ? errorId : undefined}
            />
            {rename.isError ? (
              <p id={errorId} role="alert" className="text-sm text-destructive">
                {errorMessage(rename.error)}
              </p>
            ) : null}
          </div>
          <DialogFooter>
            <DialogClose asChild>
              <Button type="button" variant="outline">
                Cancel
              </Button>
            </DialogClose>
            <Button type="submit" disabled={rename.isPending || name.trim() === ""}>
              {rename.isPending ? <LoaderCircle className="animate-spin" aria-hidden /> : null} Save
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

function DeleteDatasetDialog({ dataset }: { dataset: DatasetSummary }) {
  const queryClient = useQueryClient();
  const router = useRouter();
  const [open, setOpen] = useState(false);

  const remove = useMutation({
    mutationFn: () => deleteDataset(dataset.id),
    onSuccess: async () => {
      queryClient.setQueryData<{ items: DatasetSummary[] }>(queryKeys.datasets, (old) =>
        old ? { items: old.items.filter((item) => item.id !== dataset.id) } : old,
      );
      toast.success(`Deleted “${dataset.name}”`);
      router.push("/");
      await queryClient.invalidateQueries({ queryKey: queryKeys.datasets, exact: true });
      await queryClient.invalidateQueries({ queryKey: queryKeys.runs });
    },
  });

  function onOpenChange(next: boolean) {
    // Closing while the request is out would hide its outcome.
    if (remove.isPending) return;
    setOpen(next);
    if (next) remove.reset();
  }

  return (
    <AlertDialog open={open} onOpenChange={onOpenChange}>
      <AlertDialogTrigger asChild>
        <Button variant="outline" size="sm" className="text-destructive hover:text-destructive">
          <Trash aria-hidden /> Delete
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>Delete “{dataset.name}”?</AlertDialogTitle>
          <AlertDialogDescription>
            Its {plural(dataset.rowCount, "row")} and its finished runs, with their results, are deleted for good. A dataset
            with a queued, running or paused run cannot be deleted.
          </AlertDialogDescription>
        </AlertDialogHeader>
        {remove.isError ? (
          <p role="alert" className="rounded-md border border-destructive/30 bg-destructive/10 px-3 py-2 text-sm text-destructive">
            {errorMessage(remove.error)}
          </p>
        ) : null}
        <AlertDialogFooter>
          <AlertDialogCancel disabled={remove.isPending}>Keep it</AlertDialogCancel>
          {/* A plain button, not AlertDialogAction: that closes the dialog before the answer is in. */}
          <Button variant="destructive" onClick={() => remove.mutate()} disabled={remove.isPending}>
            {remove.isPending ? <LoaderCircle className="animate-spin" aria-hidden /> : <Trash aria-hidden />} Delete dataset
          </Button>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
