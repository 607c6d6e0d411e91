"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/lib/client/cn";
import { useReviewSummary } from "@/lib/client/queries";
import { formatNumber } from "@/lib/shared/format";

const LINKS = [
  { href: "/", label: "Datasets", matches: (path: string) => path === "/" || path.startsWith("/datasets") },
  { href: "/runs", label: "Runs", matches: (path: string) => path.startsWith("/runs") },
  { href: "/streams", label: "Streams", matches: (path: string) => path.startsWith("/streams") },
  { href: "/review", label: "Review", matches: (path: string) => path.startsWith("/review") },
];

export function MainNav() {
  const pathname = usePathname();
  // Polled: the open review count, whatever the queue page's filter.
  const open = useReviewSummary().data?.open ?? 0;
  return (
    // On a phone the links may not all fit beside the badges: the nav scrolls sideways rather than pushing the page wider.
    <nav aria-label="Main" className="flex min-w-0 items-center gap-0.5 overflow-x-auto [scrollbar-width:none] sm:gap-1">
      {LINKS.map((link) => {
        const active = link.matches(pathname);
        const badge = link.href === "/review" && open > 0 ? open : null;
        return (
          <Link
            key={link.href}
            href={link.href}
            aria-current={active ? "page" : undefined}
            className={cn(
              "flex shrink-0 items-center gap-1 rounded-md px-1 py-1.5 text-sm sm:gap-1.5 font-medium sm:px-3 text-muted-foreground transition-colors outline-none hover:text-foreground focus-visible:ring-[3px] focus-visible:ring-ring/50",
              active && "bg-muted text-foreground",
            )}
          >
            {link.label}
            {badge !== null ? (
              <span
                data-testid="review-badge"
                aria-label={`${formatNumber(badge)} open`}
                className="min-w-5 rounded-full bg-warning/20 px-1.5 text-center text-xs font-semibold tabular-nums text-foreground"
              >
                {badge > 999 ? "999+" : formatNumber(badge)}
              </span>
            ) : null}
          </Link>
        );
      })}
    </nav>
  );
}
