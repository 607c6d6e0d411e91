"use client";

import { Check, LoaderCircle } from "lucide-react";
import { useId, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";

/** "Resolve": the reviewer types the correct output; the dialog closes once the API accepted it. */
export function ResolveDialog(props: { initialOutput: string; pending: boolean; disabled: boolean; onResolve: (output: string, onDone: () => void) => void }) {
  const [open, setOpen] = useState(false);
  const [output, setOutput] = useState(props.initialOutput);
  const [error, setError] = useState<string | null>(null);
  const fieldId = useId();

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!output.trim()) {
      setError("Enter the output this item should have.");
      return;
    }
    // On failure the caller's toast carries the API's message and the dialog stays open to fix and resend.
    props.onResolve(output, () => setOpen(false));
  }

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) {
          setOutput(props.initialOutput);
          setError(null);
        }
      }}
    >
      <DialogTrigger asChild>
        <Button variant="outline" disabled={props.disabled}>
          <Check aria-hidden /> Resolve
        </Button>
      </DialogTrigger>
      <DialogContent>
        <form onSubmit={onSubmit} className="grid gap-4" noValidate>
          <DialogHeader>
            <DialogTitle>Resolve manually</DialogTitle>
            <DialogDescription>The item is marked completed with the output you enter.</DialogDescription>
          </DialogHeader>
          <div className="space-y-1.5">
            <Label htmlFor={fieldId}>Correct output</Label>
            <Textarea
              id={fieldId}
              rows={6}
              value={output}
              onChange={(event) => {
                setOutput(event.target.value);
                setError(null);
              }}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? `${fieldId}-error` : undefined}
              autoFocus
            />
            {error ? (
              <p id={`${fieldId}-error`} className="text-xs font-medium text-destructive">
                {error}
              </p>
            ) : null}
          </div>
          <DialogFooter>
            <DialogClose asChild>
              <Button type="button" variant="outline">
                Cancel
              </Button>
            </DialogClose>
            <Button type="submit" disabled={props.pending}>
              {props.pending ? <LoaderCircle className="animate-spin" aria-hidden /> : null}
              Save output
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
