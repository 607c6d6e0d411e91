// GET /api/streams/:id/deliveries?status= – the stream's newest webhook deliveries (pending, delivered, failed).
import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/server/http";
import { AppError } from "@/lib/server/errors";
import { listDeliveries } from "@/lib/server/streams/views";
import type { WebhookDeliveryStatus } from "@/lib/shared/api-types";

export const dynamic = "force-dynamic";

const STATUSES: readonly WebhookDeliveryStatus[] = ["pending", "delivered", "failed"];

export const GET = apiRoute({ role: "reviewer" }, async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const status = new URL(request.url).searchParams.get("status") || undefined;
  if (status !== undefined && !(STATUSES as readonly string[]).includes(status)) {
    throw new AppError("validation_failed", `status must be one of ${STATUSES.join(", ")}.`, { field: "status" });
  }
  return NextResponse.json({ items: await listDeliveries(id, status as WebhookDeliveryStatus | undefined) });
});
