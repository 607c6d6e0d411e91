// POST /api/streams/:id/deliveries/:deliveryId/resend – send a failed (or delivered) webhook again, with a fresh day of retries.
import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/server/http";
import { resendDelivery } from "@/lib/server/streams/webhooks";
import { notifyStream } from "@/lib/server/streams/dispatch";
import { loadStream } from "@/lib/server/streams/load-stream";

export const POST = apiRoute({ role: "operator" }, async (_request: Request, { params }: { params: Promise<{ id: string; deliveryId: string }> }) => {
  const { id, deliveryId } = await params;
  await resendDelivery(id, deliveryId);
  // Due now: the stream's executor sends it on its next look.
  await notifyStream(await loadStream(id));
  return NextResponse.json({ id: deliveryId, status: "pending" }, { status: 202 });
});
