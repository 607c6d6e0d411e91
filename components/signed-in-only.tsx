"use client";

import { usePathname } from "next/navigation";
import type { ReactNode } from "react";

/** The pages people see before they are signed in: no navigation or account controls there. */
export const ACCOUNT_PAGES = ["/sign-in", "/setup"];

export function SignedInOnly({ children }: { children: ReactNode }) {
  const pathname = usePathname();
  return ACCOUNT_PAGES.includes(pathname) ? null : children;
}
