import { ChevronLeft, ChevronRight } from "lucide-react";
import { Button } from "@/components/ui/button";
import { formatPageRange } from "@/lib/shared/format";

export interface PagerProps {
  offset: number;
  limit: number;
  total: number;
  onOffsetChange: (offset: number) => void;
  /** What is being paged, plural, for the count and the buttons' accessible names ("rows", "items"). */
  noun?: string;
  /** The singular, when it is not the plural without its "s". */
  one?: string;
}

export function Pager({ offset, limit, total, onOffsetChange, noun = "rows", one }: PagerProps) {
  const single = total <= limit && offset === 0;
  return (
    <nav aria-label={`Pages of ${noun}`} className="flex flex-wrap items-center justify-between gap-3 text-sm text-muted-foreground">
      <span aria-live="polite" data-testid="pager-text">
        {formatPageRange(offset, limit, total, one ?? noun.replace(/s$/, ""), noun)}
      </span>
      <div className={single ? "hidden" : "flex gap-2"}>
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
