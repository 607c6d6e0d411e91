import { ChevronLeft, ChevronRight } from "lucide-react";
import { Button } from "@/components/ui/button";
import { formatNumber } from "@/lib/shared/format";

export interface PagerProps {
  offset: number;
  limit: number;
  total: number;
  onOffsetChange: (offset: number) => void;
  /** What is being paged, for the buttons' accessible names ("rows", "items"). */
  noun?: string;
}

export function Pager({ offset, limit, total, onOffsetChange, noun = "rows" }: PagerProps) {
  const first = total === 0 ? 0 : offset + 1;
  const last = Math.min(offset + limit, total);
  return (
    <nav aria-label={`Pages of ${noun}`} className="flex items-center justify-between gap-3 text-sm text-muted-foreground">
      <span aria-live="polite">
        {formatNumber(first)}–{formatNumber(last)} of {formatNumber(total)} {noun}
      </span>
      <div className="flex gap-2">
        <Button
          variant="outline"
          size="sm"
          onClick={() => onOffsetChange(Math.max(0, offset - limit))}
          disabled={offset === 0}
          aria-label={`Previous ${noun}`}
        >
          <ChevronLeft aria-hidden /> Prev
        </Button>
        <Button
          variant="outline"
          size="sm"
          onClick={() => onOffsetChange(offset + limit)}
          disabled={offset + limit >= total}
          aria-label={`Next ${noun}`}
        >
          Next <ChevronRight aria-hidden />
        </Button>
      </div>
    </nav>
  );
}
