"use client";

import { Server, Trash2 } from "lucide-react";
import { toast } from "sonner";
import { maskedKey, ProviderDialog } from "@/components/settings/provider-dialog";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardAction, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { cn } from "@/lib/client/cn";
import { useDeleteProvider, useProviders } from "@/lib/client/providers";
import type { ProviderView } from "@/lib/shared/api-types";
import { formatNumber } from "@/lib/shared/format";

const KIND_LABEL: Record<ProviderView["kind"], string> = { environment: "Environment", simulator: "Built in", custom: "Added" };

function limits(provider: ProviderView): string {
  if (provider.rpm === null && provider.tpm === null) return "Learned";
  return [provider.rpm === null ? null : `${formatNumber(provider.rpm)} RPM`, provider.tpm === null ? null : `${formatNumber(provider.tpm)} TPM`]
    .filter(Boolean)
    .join(" · ");
}

/** Every provider; the owner adds, edits and deletes the ones that are not built in. `selected` picks whose models show below. */
export function ProvidersCard({ canEdit, selected, onSelect }: { canEdit: boolean; selected: string | null; onSelect: (id: string) => void }) {
  const providers = useProviders();
  const remove = useDeleteProvider();
  const list = providers.data ?? [];

  function confirmDelete(provider: ProviderView) {
    if (!window.confirm(`Delete ${provider.name}? Its prices go with it.`)) return;
    remove.mutate(provider.id, {
      onSuccess: () => toast.success(`${provider.name} deleted`),
      onError: (error) => toast.error(`Could not delete ${provider.name}`, { description: error.message }),
    });
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle>Providers</CardTitle>
        <CardDescription>
          The OpenAI-compatible endpoints runs can call. Keys are stored encrypted and never shown again.
          {canEdit ? null : " Only the owner can change them."}
        </CardDescription>
        {canEdit ? (
          <CardAction>
            <ProviderDialog />
          </CardAction>
        ) : null}
      </CardHeader>
      <CardContent>
        {providers.isError ? (
          <EmptyState icon={Server} tone="error" title="Could not load the providers" description={providers.error.message} />
        ) : list.length === 0 && !providers.isPending ? (
          <EmptyState icon={Server} title="No providers" description="Add an endpoint with its base URL and key." />
        ) : (
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>Name</TableHead>
                <TableHead className="hidden md:table-cell">Base URL</TableHead>
                <TableHead>Key</TableHead>
                <TableHead className="hidden sm:table-cell">Limits</TableHead>
                <TableHead className="hidden sm:table-cell text-right">Runs</TableHead>
                <TableHead className="sr-only">Actions</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {list.map((provider) => (
                <TableRow key={provider.id} data-testid={`provider-${provider.id}`} className={cn(selected === provider.id && "bg-muted/60")}>
                  <TableCell className="font-medium">
                    <button
                      type="button"
                      className="text-left underline-offset-4 hover:underline focus-visible:underline outline-none"
                      onClick={() => onSelect(provider.id)}
                      aria-pressed={selected === provider.id}
                      aria-label={`Show the models of ${provider.name}`}
                    >
                      {provider.name}
                    </button>
                    <div className="mt-1 flex flex-wrap gap-1">
                      <Badge variant="outline">{KIND_LABEL[provider.kind]}</Badge>
                      {provider.isDefault ? <Badge variant="info">Default</Badge> : null}
                      {provider.batchApi ? <Badge variant="secondary">Batch API</Badge> : null}
                    </div>
                  </TableCell>
                  <TableCell className="hidden max-w-64 truncate md:table-cell" title={provider.baseUrl}>
                    {provider.baseUrl}
                  </TableCell>
                  <TableCell className="font-mono text-xs">{provider.kind === "simulator" ? "—" : maskedKey(provider.apiKeyLast4)}</TableCell>
                  <TableCell className="hidden sm:table-cell">{limits(provider)}</TableCell>
                  <TableCell className="hidden sm:table-cell text-right tabular-nums">{formatNumber(provider.runCount)}</TableCell>
                  <TableCell className="text-right whitespace-nowrap">
                    {canEdit && provider.kind === "custom" ? (
                      <>
                        <ProviderDialog provider={provider} />
                        <Button
                          size="sm"
                          variant="ghost"
                          className="text-destructive hover:text-destructive"
                          disabled={remove.isPending}
                          aria-label={`Delete ${provider.name}`}
                          title={provider.runCount > 0 ? "Runs use it: delete them first" : undefined}
                          onClick={() => confirmDelete(provider)}
                        >
                          <Trash2 aria-hidden />
                        </Button>
                      </>
                    ) : provider.kind === "environment" ? (
                      <span className="text-xs text-muted-foreground">Set by OPENAI_*</span>
                    ) : null}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </CardContent>
    </Card>
  );
}
