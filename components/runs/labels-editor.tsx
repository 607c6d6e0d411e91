"use client";

import { Plus, X } from "lucide-react";
import { useState, type ClipboardEvent, type KeyboardEvent } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { LABEL_LIMITS, normaliseLabel } from "@/lib/shared/labels";

/**
 * The labels list: type one and press Enter (or paste several lines at once); each can be removed.
 * A label the list already has (ignoring case and spacing) is not added twice.
 */
export function LabelsEditor(props: { id: string; value: string[]; onChange: (labels: string[]) => void; invalid: boolean; describedBy?: string }) {
  const [draft, setDraft] = useState("");
  const full = props.value.length >= LABEL_LIMITS.max;

  function add(candidates: string[]) {
    const next = [...props.value];
    const seen = new Set(next.map(normaliseLabel));
    for (const candidate of candidates.map((c) => c.trim())) {
      if (candidate === "" || seen.has(normaliseLabel(candidate)) || next.length >= LABEL_LIMITS.max) continue;
      seen.add(normaliseLabel(candidate));
      next.push(candidate);
    }
    props.onChange(next);
    setDraft("");
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === "Enter") {
      // Enter adds the label; it must not submit the whole form.
      event.preventDefault();
      add([draft]);
    } else if (event.key === "Backspace" && draft === "" && props.value.length > 0) {
      props.onChange(props.value.slice(0, -1));
    }
  }

  function onPaste(event: ClipboardEvent<HTMLInputElement>) {
    const lines = event.clipboardData.getData("text").split(/\r?\n|,/);
    if (lines.length < 2) return;
    event.preventDefault();
    add(lines);
  }

  return (
    <div className="space-y-2">
      {props.value.length > 0 ? (
        <ul aria-label="Labels" className="flex flex-wrap gap-1.5" data-testid="labels-list">
          {props.value.map((label, index) => (
            <li key={`${label}-${index}`} className="inline-flex max-w-full items-center gap-1 rounded-md border bg-muted/50 py-0.5 pr-0.5 pl-2 text-sm">
              <span className="truncate">{label}</span>
              <button
                type="button"
                onClick={() => props.onChange(props.value.filter((_, i) => i !== index))}
                aria-label={`Remove label ${label}`}
                className="rounded p-0.5 text-muted-foreground outline-none hover:bg-accent hover:text-foreground focus-visible:ring-[3px] focus-visible:ring-ring/50"
              >
                <X className="size-3.5" aria-hidden />
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <div className="flex gap-2">
        <Input
          id={props.id}
          value={draft}
          onChange={(event) => setDraft(event.target.value)}
          onKeyDown={onKeyDown}
          onPaste={onPaste}
          disabled={full}
          placeholder={full ? `At most ${LABEL_LIMITS.max} labels` : "Add a label, then Enter"}
          aria-invalid={props.invalid ? true : undefined}
          aria-describedby={props.describedBy}
          maxLength={LABEL_LIMITS.maxChars}
        />
        <Button type="button" variant="outline" onClick={() => add([draft])} disabled={full || draft.trim() === ""}>
          <Plus aria-hidden /> Add
        </Button>
      </div>
    </div>
  );
}
