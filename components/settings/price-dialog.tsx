"use client";

import { Tag } from "lucide-react";
import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { InputField } from "@/components/auth/form-field";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { useSetModelPrice } from "@/lib/client/providers";
import type { ProviderModelPriceView } from "@/lib/shared/api-types";

const PERCENT = 100;

function numberOrUndefined(value: FormDataEntryValue | null): number | undefined {
  const text = String(value ?? "").trim();
  return text === "" ? undefined : Number(text);
}

/** Enter or change one model's price per 1M tokens; the batch discount is typed as a percentage. */
export function PriceDialog({ providerId, model, price }: { providerId: string; model: string; price: ProviderModelPriceView | null }) {
  const [open, setOpen] = useState(false);
  const save = useSetModelPrice(providerId);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const discount = numberOrUndefined(form.get("price-discount"));
    const input = {
      input: numberOrUndefined(form.get("price-input")) ?? Number.NaN,
      output: numberOrUndefined(form.get("price-output")) ?? Number.NaN,
      cachedInput: numberOrUndefined(form.get("price-cached")),
      ...(discount === undefined ? {} : { batchDiscount: discount / PERCENT }),
    };
    save.mutate(
      { model, price: input },
      {
        onSuccess: () => {
          toast.success(`Price of ${model} saved`, { description: "New runs of it are billed at this price." });
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
        save.reset();
      }}
    >
      <DialogTrigger asChild>
        <Button size="sm" variant={price ? "ghost" : "outline"} aria-label={`${price ? "Edit price of" : "Set price of"} ${model}`}>
          <Tag aria-hidden /> <span className="hidden sm:inline">{price ? "Edit" : "Set price"}</span>
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle className="break-all">Price of {model}</DialogTitle>
          <DialogDescription>USD per 1 million tokens, as the provider lists them. Runs already created keep the price they started with.</DialogDescription>
        </DialogHeader>
        <form onSubmit={submit} className="space-y-4" noValidate>
          <div className="grid grid-cols-2 gap-3">
            <InputField id="price-input" label="Input" type="number" inputMode="decimal" step="any" min={0} defaultValue={price?.input ?? ""} required autoFocus />
            <InputField id="price-output" label="Output" type="number" inputMode="decimal" step="any" min={0} defaultValue={price?.output ?? ""} required />
            <InputField id="price-cached" label="Cached input" type="number" inputMode="decimal" step="any" min={0} defaultValue={price?.cachedInput ?? ""} hint="Empty: same as input" />
            <InputField
              id="price-discount"
              label="Batch discount %"
              type="number"
              inputMode="decimal"
              step="any"
              min={0}
              max={100}
              defaultValue={price ? Math.round(price.batchDiscount * PERCENT) : 50}
              hint="Off the price on the Batch API"
            />
          </div>
          {save.error ? (
            <p role="alert" className="text-sm text-destructive">
              {save.error.message}
            </p>
          ) : null}
          <DialogFooter>
            <Button type="submit" disabled={save.isPending}>
              {save.isPending ? "Saving…" : "Save price"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
