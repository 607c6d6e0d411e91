"use client";

import { Pencil, Plus } from "lucide-react";
import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { InputField } from "@/components/auth/form-field";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Label } from "@/components/ui/label";
import { Switch } from "@/components/ui/switch";
import { useSaveProvider } from "@/lib/client/providers";
import type { ProviderView } from "@/lib/shared/api-types";

/** How a stored key is shown: never the key, only that one is there and how it ends. */
export function maskedKey(last4: string | null): string {
  return last4 === null ? "No key" : `sk-...${last4}`;
}

function optionalInt(value: FormDataEntryValue | null): number | null {
  const text = String(value ?? "").trim();
  return text === "" ? null : Number(text);
}

/** Add a provider, or edit one (`provider` given): the key field is write-only and left empty keeps the stored key. */
export function ProviderDialog({ provider }: { provider?: ProviderView }) {
  const editing = provider !== undefined;
  const [open, setOpen] = useState(false);
  const [batchApi, setBatchApi] = useState(provider?.batchApi ?? false);
  const save = useSaveProvider();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const apiKey = String(form.get("provider-key") ?? "").trim();
    const input = {
      name: String(form.get("provider-name") ?? ""),
      baseUrl: String(form.get("provider-url") ?? ""),
      rpm: optionalInt(form.get("provider-rpm")),
      tpm: optionalInt(form.get("provider-tpm")),
      batchApi,
      // Editing: an empty key field keeps the stored key.
      ...(apiKey === "" ? {} : { apiKey }),
    };
    save.mutate(
      { id: provider?.id ?? null, input },
      {
        onSuccess: (saved) => {
          toast.success(editing ? `${saved.name} saved` : `${saved.name} added`, {
            description: saved.apiKeyLast4 ? `Key stored encrypted, shown as ${maskedKey(saved.apiKeyLast4)}.` : "No API key stored.",
          });
          setOpen(false);
        },
      },
    );
  }

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        setBatchApi(provider?.batchApi ?? false);
        save.reset();
      }}
    >
      <DialogTrigger asChild>
        {editing ? (
          <Button size="sm" variant="ghost" aria-label={`Edit ${provider.name}`}>
            <Pencil aria-hidden /> <span className="hidden sm:inline">Edit</span>
          </Button>
        ) : (
          <Button size="sm">
            <Plus aria-hidden /> Add provider
          </Button>
        )}
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>{editing ? `Edit ${provider.name}` : "Add a provider"}</DialogTitle>
          <DialogDescription>Any OpenAI-compatible endpoint: OpenAI, Azure, OpenRouter, Ollama, vLLM, LM Studio…</DialogDescription>
        </DialogHeader>
        <form onSubmit={submit} className="space-y-4" noValidate>
          <InputField id="provider-name" label="Name" defaultValue={provider?.name} required autoFocus />
          <InputField
            id="provider-url"
            label="Base URL"
            type="url"
            placeholder="https://openrouter.ai/api/v1"
            defaultValue={provider?.baseUrl}
            hint="Up to /v1: the part before /chat/completions."
            required
          />
          <InputField
            id="provider-key"
            label="API key"
            type="password"
            autoComplete="off"
            placeholder={editing && provider.apiKeyLast4 ? maskedKey(provider.apiKeyLast4) : "sk-…"}
            hint={editing ? "Leave empty to keep the stored key. It is never shown again, only its last 4 characters." : "Stored encrypted; shown only as its last 4 characters. Leave empty for endpoints without keys."}
          />
          <div className="grid grid-cols-2 gap-3">
            <InputField id="provider-rpm" label="Requests / min" type="number" inputMode="numeric" min={1} defaultValue={provider?.rpm ?? ""} hint="Empty: learned" />
            <InputField id="provider-tpm" label="Tokens / min" type="number" inputMode="numeric" min={1} defaultValue={provider?.tpm ?? ""} hint="Empty: learned" />
          </div>
          <div className="flex items-center justify-between gap-3">
            <div className="space-y-0.5">
              <Label htmlFor="provider-batch">Offers the Batch API</Label>
              <p className="text-xs text-muted-foreground">/v1/files and /v1/batches, at a discount.</p>
            </div>
            <Switch id="provider-batch" checked={batchApi} onCheckedChange={setBatchApi} />
          </div>
          {save.error ? (
            <p role="alert" className="text-sm text-destructive">
              {save.error.message}
            </p>
          ) : null}
          <DialogFooter>
            <Button type="submit" disabled={save.isPending}>
              {save.isPending ? "Saving…" : editing ? "Save" : "Add provider"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
