"use client";

import { FlaskConical, Server } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Tooltip, TooltipContent, TooltipTrigger } from "@/components/ui/tooltip";
import { useMeta } from "@/lib/client/queries";

/** Tells the user, on every page, whether model calls are real and which executor runs the work. */
export function MetaBadges() {
  const { data: meta } = useMeta();
  if (!meta) return null;
  return (
    <div className="flex items-center gap-2">
      {meta.simulated ? (
        <Tooltip>
          <TooltipTrigger asChild>
            <span
              tabIndex={0}
              data-testid="simulated-badge"
              className="rounded-md outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50"
            >
              {/* On a phone the flask alone, so the navigation keeps its room; the words stay for screen readers. */}
              <Badge variant="warning" className="px-1.5 sm:px-2">
                <FlaskConical aria-hidden />
                <span className="sr-only sm:not-sr-only">Simulated model</span>
              </Badge>
            </span>
          </TooltipTrigger>
          <TooltipContent>
            No OpenAI key is configured: no real API calls are made, nothing is billed, and outputs are placeholders from
            the built-in simulator.
          </TooltipContent>
        </Tooltip>
      ) : null}
      {/* On a phone the executor is detail; the simulated label is what matters. */}
      <Badge variant="outline" title="Where runs are executed" className="hidden sm:inline-flex">
        <Server aria-hidden /> {meta.executor === "inngest" ? "Inngest executor" : "Local executor"}
      </Badge>
    </div>
  );
}
