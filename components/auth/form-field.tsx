import type { ComponentProps } from "react";
import { describedBy, FormField } from "@/components/runs/form-field";
import { Input } from "@/components/ui/input";

/** A labelled text input with an optional hint: the form field of the account pages. */
export function InputField({ id, label, hint, ...input }: { id: string; label: string; hint?: string } & ComponentProps<typeof Input>) {
  return (
    <FormField id={id} label={label} hint={hint}>
      <Input id={id} name={id} aria-describedby={describedBy(id, hint, undefined)} {...input} />
    </FormField>
  );
}
