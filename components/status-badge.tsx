import { LoaderCircle } from "lucide-react";
import { Badge, type BadgeProps } from "@/components/ui/badge";
import type { ItemStatus, RunStatus } from "@/lib/shared/api-types";
import { humanize } from "@/lib/shared/format";

type Variant = NonNullable<BadgeProps["variant"]>;

const RUN_VARIANTS: Record<RunStatus, Variant> = {
  queued: "secondary",
  running: "info",
  paused: "warning",
  completed: "success",
  failed: "destructive",
  cancelled: "outline",
};

const ITEM_VARIANTS: Record<ItemStatus, Variant> = {
  pending: "secondary",
  processing: "info",
  completed: "success",
  failed: "destructive",
  needs_review: "warning",
  skipped: "outline",
};

export function RunStatusBadge({ status, ...props }: { status: RunStatus } & Omit<BadgeProps, "variant">) {
  return (
    <Badge variant={RUN_VARIANTS[status]} data-status={status} {...props}>
      {status === "running" ? <LoaderCircle className="animate-spin" aria-hidden /> : null}
      {humanize(status)}
    </Badge>
  );
}

export function ItemStatusBadge({ status, ...props }: { status: ItemStatus } & Omit<BadgeProps, "variant">) {
  return (
    <Badge variant={ITEM_VARIANTS[status]} data-status={status} {...props}>
      {humanize(status)}
    </Badge>
  );
}
