"use client";

import { Layers } from "lucide-react";
import { PriceUnknownBadge } from "@/components/price-unknown-badge";
import { PriceDialog } from "@/components/settings/price-dialog";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { useProviderModels, useProviders } from "@/lib/client/providers";
import { formatPercent } from "@/lib/shared/format";

/** USD per 1M tokens: list prices go to three decimals. */
function perMillion(value: number): string {
  return `$${value.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 4 })}`;
}

/** One provider's models (from its /v1/models, plus the priced ones) and the editable price table. */
export function ModelPricesCard({ providerId, canEdit }: { providerId: string; canEdit: boolean }) {
  const provider = useProviders().data?.find((p) => p.id === providerId);
  const models = useProviderModels(providerId);
  const items = models.data?.items ?? [];

  return (
    <Card>
      <CardHeader>
        <CardTitle>Models and prices{provider ? `: ${provider.name}` : ""}</CardTitle>
        <CardDescription>USD per 1M tokens. An entered price wins over Batchwise&apos;s list price; a model without one runs at $0, marked &ldquo;price unknown&rdquo;.</CardDescription>
      </CardHeader>
      <CardContent className="space-y-3">
        {models.data?.listError ? (
          <p role="status" className="rounded-md border border-warning/40 bg-warning/10 px-3 py-2 text-sm">
            {models.data.listError}
          </p>
        ) : null}
        {models.isPending ? (
          <div className="space-y-2" aria-label="Loading models">
            <Skeleton className="h-8 w-full" />
            <Skeleton className="h-8 w-full" />
            <Skeleton className="h-8 w-2/3" />
          </div>
        ) : models.isError ? (
          <EmptyState icon={Layers} tone="error" title="Could not load the models" description={models.error.message} />
        ) : items.length === 0 ? (
          <EmptyState icon={Layers} title="No models" description="The endpoint listed none and no price is entered." />
        ) : (
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>Model</TableHead>
                <TableHead className="text-right">Input</TableHead>
                <TableHead className="hidden sm:table-cell text-right">Cached</TableHead>
                <TableHead className="text-right">Output</TableHead>
                <TableHead className="hidden sm:table-cell text-right">Batch</TableHead>
                {canEdit ? <TableHead className="sr-only">Actions</TableHead> : null}
              </TableRow>
            </TableHeader>
            <TableBody>
              {items.map((model) => (
                <TableRow key={model.id} data-testid={`model-${model.id}`}>
                  <TableCell className="max-w-28 font-medium sm:max-w-48">
                    <span className="break-all">{model.id}</span>
                    <div className="mt-1 flex flex-wrap gap-1">
                      {model.price === null ? <PriceUnknownBadge /> : null}
                      {model.priceSource === "entered" ? <Badge variant="outline">entered</Badge> : null}
                      {model.priceSource === "list" ? <Badge variant="secondary">list price</Badge> : null}
                    </div>
                  </TableCell>
                  <TableCell className="text-right tabular-nums">{model.price ? perMillion(model.price.input) : "—"}</TableCell>
                  <TableCell className="hidden sm:table-cell text-right tabular-nums">{model.price ? perMillion(model.price.cachedInput) : "—"}</TableCell>
                  <TableCell className="text-right tabular-nums">{model.price ? perMillion(model.price.output) : "—"}</TableCell>
                  <TableCell className="hidden sm:table-cell text-right tabular-nums">{model.price ? `−${formatPercent(model.price.batchDiscount, 0)}` : "—"}</TableCell>
                  {canEdit ? (
                    <TableCell className="text-right">
                      <PriceDialog providerId={providerId} model={model.id} price={model.price} />
                    </TableCell>
                  ) : null}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </CardContent>
    </Card>
  );
}
