"use client";

import { Plus } from "lucide-react";
import { useImperativeHandle, useRef, type Ref } from "react";
import { describedBy, FormField } from "@/components/runs/form-field";
import { Textarea } from "@/components/ui/textarea";

const TEMPLATE_ID = "run-template";
const HINT = "Each row is sent with its values filled in where a {{column}} stands.";

export function TemplateEditor(props: {
  value: string;
  onChange: (value: string) => void;
  onBlur?: () => void;
  columns: string[];
  error?: string;
  /** The textarea, for focusing it (react-hook-form focuses the first field in error). */
  ref?: Ref<HTMLTextAreaElement | null>;
}) {
  const textareaRef = useRef<HTMLTextAreaElement>(null);
  useImperativeHandle<HTMLTextAreaElement | null, HTMLTextAreaElement | null>(props.ref, () => textareaRef.current, []);

  function insertColumn(column: string) {
    const token = `{{${column}}}`;
    const textarea = textareaRef.current;
    const start = textarea?.selectionStart ?? props.value.length;
    const end = textarea?.selectionEnd ?? props.value.length;
    props.onChange(props.value.slice(0, start) + token + props.value.slice(end));
    // Put the caret after the inserted token once React has written the new value.
    requestAnimationFrame(() => {
      if (!textarea) return;
      const caret = start + token.length;
      textarea.focus();
      textarea.setSelectionRange(caret, caret);
    });
  }

  return (
    <FormField id={TEMPLATE_ID} label="Prompt template" hint={HINT} error={props.error}>
      <div role="group" aria-label="Insert a column" className="flex flex-wrap gap-1.5">
        {props.columns.map((column) => (
          <button
            key={column}
            type="button"
            onClick={() => insertColumn(column)}
            title={`Insert {{${column}}} at the cursor`}
            className="inline-flex max-w-48 items-center gap-1 rounded-md border bg-muted/50 px-2 py-0.5 font-mono text-xs transition-colors outline-none hover:bg-accent focus-visible:ring-[3px] focus-visible:ring-ring/50"
          >
            <Plus className="size-3 shrink-0" aria-hidden />
            <span className="truncate">{column}</span>
          </button>
        ))}
      </div>
      <Textarea
        ref={textareaRef}
        id={TEMPLATE_ID}
        value={props.value}
        onChange={(event) => props.onChange(event.target.value)}
        onBlur={props.onBlur}
        rows={6}
        placeholder={props.columns[0] ? `e.g. Summarise in one sentence: {{${props.columns[0]}}}` : "Write the prompt"}
        className="font-mono text-[13px]"
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy(TEMPLATE_ID, HINT, props.error)}
      />
    </FormField>
  );
}
