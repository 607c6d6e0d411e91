// Run status rules in one place.
import "server-only";
import type { RunStatus } from "@/lib/shared/api-types";

const ENDED: readonly string[] = ["completed", "failed", "cancelled"] satisfies RunStatus[];

export const isEnded = (status: string) => ENDED.includes(status);
