import type { ReactNode } from "react";
import { Label } from "@/components/ui/label";

/** Ids that tie a control to its hint and error for screen readers. */
export function describedBy(id: string, hint: ReactNode, error: string | undefined): string | undefined {
  if (error) return `${id}-error`;
  return hint ? `${id}-hint` : undefined;
}

export function FormField(props: { id: string; label: string; hint?: ReactNode; error?: string; children: ReactNode; extra?: ReactNode }) {
  return (
    <div className="space-y-1.5">
      <div className="flex items-end justify-between gap-2">
        <Label htmlFor={props.id}>{props.label}</Label>
        {props.extra}
      </div>
      {props.children}
      {props.error ? (
        <p id={`${props.id}-error`} className="text-xs font-medium text-destructive" data-testid={`field-error-${props.id}`}>
          {props.error}
        </p>
      ) : props.hint ? (
        <p id={`${props.id}-hint`} className="text-xs text-muted-foreground">
          {props.hint}
        </p>
      ) : null}
    </div>
  );
}
