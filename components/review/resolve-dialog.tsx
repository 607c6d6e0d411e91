"use client";

import { LoaderCircle } from "lucide-react";
import { useEffect, useId, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";

/**
 * "Resolve": the reviewer types the correct output (for one item, or one output for many); the
 * dialog closes once the API accepted it. Opened by a button or the `e` key.
 */
export function ResolveDialog(props: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description: string;
  initialOutput: string;
  pending: boolean;
  onResolve: (output: string) => void;
}) {
  const [output, setOutput] = useState(props.initialOutput);
  const [error, setError] = useState<string | null>(null);
  const fieldId = useId();
  const { open, initialOutput } = props;

  useEffect(() => {
    if (open) {
      setOutput(initialOutput);
      setError(null);
    }
  }, [open, initialOutput]);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!output.trim()) {
      setError("Enter the output this item should have.");
      return;
    }
    // On failure the caller's toast carries the API's message and the dialog stays open to fix and resend.
    props.onResolve(output);
  }

  return (
    <Dialog open={open} onOpenChange={props.onOpenChange}>
      <DialogContent>
        <form onSubmit={onSubmit} className="grid gap-4" noValidate>
          <DialogHeader>
            <DialogTitle>{props.title}</DialogTitle>
            <DialogDescription>{props.description}</DialogDescription>
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
              onKeyDown={(event) => {
                // Ctrl/Cmd+Enter saves without reaching for the mouse.
                if (event.key === "Enter" && (event.metaKey || event.ctrlKey)) event.currentTarget.form?.requestSubmit();
              }}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? `${fieldId}-error` : `${fieldId}-hint`}
              autoFocus
            />
            {error ? (
              <p id={`${fieldId}-error`} className="text-xs font-medium text-destructive">
                {error}
              </p>
            ) : (
              <p id={`${fieldId}-hint`} className="text-xs text-muted-foreground">
                Ctrl+Enter saves.
              </p>
            )}
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
