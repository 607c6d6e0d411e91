"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Copy, LoaderCircle, Plus } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { FormField, describedBy } from "@/components/runs/form-field";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { ApiError, createStream, errorMessage } from "@/lib/client/api-client";
import { streamKeys } from "@/lib/client/stream-queries";
import { RUN_DEFAULTS } from "@/lib/shared/run-settings";
import { STREAM_DEFAULTS } from "@/lib/shared/stream-settings";
import type { CreatedStream } from "@/lib/shared/api-types";

/** "ticket, customer" → ["ticket", "customer"] */
const parseFields = (text: string) =>
  text
    .split(",")
    .map((f) => f.trim())
    .filter(Boolean);

const optionalNumber = (text: string) => (text.trim() === "" ? undefined : Number(text));

/** The create-stream form: name, fields, prompt, batching, budget and webhook; the webhook secret is shown once after. */
export function NewStreamForm() {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [fields, setFields] = useState("ticket, customer");
  const [template, setTemplate] = useState("Triage this support ticket from {{customer}}: {{ticket}}");
  const [model, setModel] = useState<string>(RUN_DEFAULTS.model);
  const [maxBatchSize, setMaxBatchSize] = useState(String(STREAM_DEFAULTS.maxBatchSize));
  const [maxWaitMs, setMaxWaitMs] = useState(String(STREAM_DEFAULTS.maxWaitMs));
  const [dailyBudgetUsd, setDailyBudgetUsd] = useState("");
  const [webhookUrl, setWebhookUrl] = useState("");
  const [created, setCreated] = useState<CreatedStream | null>(null);

  const create = useMutation({
    mutationFn: () =>
      createStream({
        name,
        fields: parseFields(fields),
        prompt: { template },
        model,
        maxBatchSize: optionalNumber(maxBatchSize),
        maxWaitMs: optionalNumber(maxWaitMs),
        dailyBudgetUsd: optionalNumber(dailyBudgetUsd) ?? null,
        webhookUrl: webhookUrl.trim() || null,
      }),
    onSuccess: async (stream) => {
      toast.success("Stream created");
      await queryClient.invalidateQueries({ queryKey: streamKeys.streams });
      if (stream.webhookSecret) setCreated(stream);
      else router.push(`/streams/${stream.id}`);
    },
  });
  const fieldError = (field: string) => (create.error instanceof ApiError && create.error.field?.startsWith(field) ? create.error.message : undefined);
  const formError = create.error && !(create.error instanceof ApiError && create.error.field) ? errorMessage(create.error) : undefined;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  const field = (id: string, label: string, value: string, set: (v: string) => void, hint: string, props: Record<string, unknown> = {}) => (
    <FormField id={id} label={label} hint={hint} error={fieldError(id)}>
      <Input id={id} value={value} onChange={(e) => set(e.target.value)} aria-describedby={describedBy(id, hint, fieldError(id))} aria-invalid={Boolean(fieldError(id))} {...props} />
    </FormField>
  );

  return (
    <Card>
      <CardHeader>
        <CardTitle>New stream</CardTitle>
        <CardDescription>A standing job: send items to it with the API as they arrive; they are answered in micro-batches.</CardDescription>
      </CardHeader>
      <CardContent>
        <form onSubmit={submit} className="grid gap-4 sm:grid-cols-2" data-testid="new-stream-form">
          {field("name", "Name", name, setName, "What the stream is for, e.g. Support tickets.", { required: true })}
          {field("fields", "Fields", fields, setFields, "Comma-separated names each item's data carries.")}
          <div className="sm:col-span-2">
            <FormField id="prompt.template" label="Prompt template" hint="Use the fields as {{field}}." error={fieldError("prompt")}>
              <Textarea id="prompt.template" value={template} onChange={(e) => setTemplate(e.target.value)} rows={3} aria-invalid={Boolean(fieldError("prompt"))} />
            </FormField>
          </div>
          {field("model", "Model", model, setModel, "Any model with a price in the table.")}
          {field("maxBatchSize", "Max batch size", maxBatchSize, setMaxBatchSize, "A micro-batch closes when it holds this many items…", { inputMode: "numeric" })}
          {field("maxWaitMs", "Max wait (ms)", maxWaitMs, setMaxWaitMs, "…or when its first item has waited this long.", { inputMode: "numeric" })}
          {field("dailyBudgetUsd", "Daily budget (USD)", dailyBudgetUsd, setDailyBudgetUsd, "Optional: the stream pauses once a day's calls would pass it.", { inputMode: "decimal" })}
          <div className="sm:col-span-2">
            {field("webhookUrl", "Webhook URL", webhookUrl, setWebhookUrl, "Optional: each result is POSTed here, signed with HMAC-SHA256.", { type: "url", placeholder: "https://example.com/hooks/batchwise" })}
          </div>
          {formError ? (
            <p role="alert" className="text-sm text-destructive sm:col-span-2">
              {formError}
            </p>
          ) : null}
          <div className="sm:col-span-2">
            <Button type="submit" disabled={create.isPending} data-testid="create-stream">
              {create.isPending ? <LoaderCircle className="animate-spin" aria-hidden /> : <Plus aria-hidden />} Create stream
            </Button>
          </div>
        </form>
      </CardContent>
      <Dialog open={created !== null} onOpenChange={(open) => !open && created && router.push(`/streams/${created.id}`)}>
        <DialogContent>
          <DialogHeader>
            <DialogTitle>Webhook secret</DialogTitle>
            <DialogDescription>
              Shown once. Check each delivery&apos;s <code>x-batchwise-signature: sha256=…</code> header: the HMAC-SHA256 of the raw body with this secret.
            </DialogDescription>
          </DialogHeader>
          <code className="block break-all rounded-md bg-muted p-3 text-xs" data-testid="webhook-secret">
            {created?.webhookSecret}
          </code>
          <DialogFooter>
            <Button variant="outline" onClick={() => void navigator.clipboard?.writeText(created?.webhookSecret ?? "").then(() => toast.success("Secret copied"))}>
              <Copy aria-hidden /> Copy
            </Button>
            <Button onClick={() => created && router.push(`/streams/${created.id}`)}>Open the stream</Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>
    </Card>
  );
}
