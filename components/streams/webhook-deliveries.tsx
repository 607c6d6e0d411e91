"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { RotateCw, Webhook } from "lucide-react";
import { toast } from "sonner";
import { ErrorState } from "@/components/error-state";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { errorMessage, resendDelivery } from "@/lib/client/api-client";
import { streamKeys, useStreamDeliveries } from "@/lib/client/stream-queries";
import type { StreamSummary, WebhookDeliveryStatus } from "@/lib/shared/api-types";
import { formatDate } from "@/lib/shared/format";

const VARIANT: Record<WebhookDeliveryStatus, "success" | "warning" | "destructive"> = { delivered: "success", pending: "warning", failed: "destructive" };

/** The stream's newest webhook deliveries: failures with their error, and a re-send for each. */
export function WebhookDeliveries({ stream, canAct }: { stream: StreamSummary; canAct: boolean }) {
  const queryClient = useQueryClient();
  const { data, error, refetch } = useStreamDeliveries(stream.id, stream.webhookUrl !== null, stream.status !== "archived");
  const resend = useMutation({
    mutationFn: (deliveryId: string) => resendDelivery(stream.id, deliveryId),
    onSuccess: async () => {
      toast.success("Delivery queued to send again");
      await queryClient.invalidateQueries({ queryKey: streamKeys.deliveries(stream.id) });
    },
    onError: (e) => toast.error("Could not re-send", { description: errorMessage(e) }),
  });
  if (stream.webhookUrl === null) return null;
  let body;
  if (error) body = <ErrorState error={error} title="Could not load deliveries" onRetry={() => void refetch()} />;
  else if (!data || data.items.length === 0) body = <EmptyState icon={Webhook} title="No deliveries yet" description="Each result is POSTed once its item settles." className="py-8" />;
  else
    body = (
      <div className="overflow-x-auto">
        <Table data-testid="deliveries-table">
          <TableHeader>
            <TableRow>
              <TableHead>Status</TableHead>
              <TableHead>Item</TableHead>
              <TableHead className="text-right">Tries</TableHead>
              <TableHead>Last problem</TableHead>
              <TableHead>When</TableHead>
              <TableHead />
            </TableRow>
          </TableHeader>
          <TableBody>
            {data.items.map((d) => (
              <TableRow key={d.id}>
                <TableCell>
                  <Badge variant={VARIANT[d.status]}>{d.status}</Badge>
                </TableCell>
                <TableCell className="font-mono text-xs">{d.itemId.slice(0, 10)}…</TableCell>
                <TableCell className="text-right tabular-nums">{d.attempts}</TableCell>
                <TableCell className="max-w-64 truncate text-xs text-muted-foreground" title={d.lastError ?? undefined}>
                  {d.lastError ?? "—"}
                </TableCell>
                <TableCell className="whitespace-nowrap text-xs">{d.status === "pending" && d.nextAttemptAt ? `next ${formatDate(d.nextAttemptAt)}` : formatDate(d.deliveredAt ?? d.createdAt)}</TableCell>
                <TableCell>
                  {canAct && d.status !== "pending" ? (
                    <Button size="sm" variant="outline" onClick={() => resend.mutate(d.id)} disabled={resend.isPending} aria-label={`Re-send delivery ${d.id}`}>
                      <RotateCw aria-hidden /> Re-send
                    </Button>
                  ) : null}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
    );
  return (
    <Card>
      <CardHeader>
        <CardTitle>Webhook deliveries</CardTitle>
        <CardDescription className="break-all">
          To <span className="font-mono">{stream.webhookUrl}</span>; retried with backoff for up to a day.
        </CardDescription>
      </CardHeader>
      <CardContent>{body}</CardContent>
    </Card>
  );
}
