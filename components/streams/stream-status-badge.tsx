import { Badge } from "@/components/ui/badge";
import type { StreamStatus } from "@/lib/shared/api-types";

const VARIANT: Record<StreamStatus, "info" | "warning" | "outline"> = { running: "info", paused: "warning", archived: "outline" };

export function StreamStatusBadge({ status }: { status: StreamStatus }) {
  return (
    <Badge variant={VARIANT[status]} data-testid="stream-status">
      {status}
    </Badge>
  );
}
