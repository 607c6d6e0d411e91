"use client";

// After an upload: how the file was read (encoding, delimiter) and a way to read it again differently.
import { RotateCcw } from "lucide-react";
import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";

export interface ReadAs {
  encoding: string;
  delimiter: string;
}

const ENCODINGS = [
  { value: "utf-8", label: "UTF-8" },
  { value: "utf-16le", label: "UTF-16 LE" },
  { value: "utf-16be", label: "UTF-16 BE" },
  { value: "windows-1252", label: "Windows-1252" },
];

/** Form values the upload API accepts; "tab" stands for the tab character. */
const DELIMITERS = [
  { value: ",", label: "Comma ," },
  { value: ";", label: "Semicolon ;" },
  { value: "tab", label: "Tab" },
  { value: "|", label: "Pipe |" },
];

const delimiterField = (delimiter: string) => (delimiter === "\t" ? "tab" : delimiter);
const labelOf = (options: { value: string; label: string }[], value: string) => options.find((o) => o.value === value)?.label ?? value;

export function describeReadAs(readAs: ReadAs): string {
  return `Read as ${labelOf(ENCODINGS, readAs.encoding)}, ${labelOf(DELIMITERS, delimiterField(readAs.delimiter)).toLowerCase()} separated.`;
}

export function ReadAsControls(props: { detected: ReadAs; pending: boolean; onReimport: (readAs: ReadAs) => void }) {
  const id = useId();
  const [encoding, setEncoding] = useState(props.detected.encoding);
  const [delimiter, setDelimiter] = useState(delimiterField(props.detected.delimiter));
  const changed = encoding !== props.detected.encoding || delimiter !== delimiterField(props.detected.delimiter);

  return (
    <div className="flex flex-wrap items-end gap-3 pt-1">
      <ChoiceSelect id={`${id}-encoding`} label="Encoding" options={ENCODINGS} value={encoding} onChange={setEncoding} disabled={props.pending} width="w-40" />
      <ChoiceSelect id={`${id}-delimiter`} label="Delimiter" options={DELIMITERS} value={delimiter} onChange={setDelimiter} disabled={props.pending} width="w-36" />
      <Button type="button" size="sm" variant="outline" disabled={!changed || props.pending} onClick={() => props.onReimport({ encoding, delimiter })}>
        <RotateCcw aria-hidden />
        Read again
      </Button>
    </div>
  );
}

function ChoiceSelect(props: {
  id: string;
  label: string;
  options: { value: string; label: string }[];
  value: string;
  onChange: (value: string) => void;
  disabled: boolean;
  width: string;
}) {
  return (
    <div className="space-y-1">
      <Label htmlFor={props.id} className="text-xs">
        {props.label}
      </Label>
      <Select value={props.value} onValueChange={props.onChange} disabled={props.disabled}>
        <SelectTrigger id={props.id} className={`h-8 ${props.width}`}>
          <SelectValue />
        </SelectTrigger>
        <SelectContent>
          {props.options.map((option) => (
            <SelectItem key={option.value} value={option.value}>
              {option.label}
            </SelectItem>
          ))}
        </SelectContent>
      </Select>
    </div>
  );
}
