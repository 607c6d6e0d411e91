"use client";

import type { ReactNode } from "react";
import { useCan } from "@/lib/client/queries";

/**
 * What only operators (and the owner) may do: uploads, launches, run controls. Reviewers see the
 * fallback instead; the API refuses them with 403 in any case.
 */
export function OperatorOnly({ children, fallback = null }: { children: ReactNode; fallback?: ReactNode }) {
  return useCan("operator") ? children : fallback;
}
