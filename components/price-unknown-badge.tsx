import { CircleHelp } from "lucide-react";
import { Badge } from "@/components/ui/badge";

/** A mark for a model with no price: its runs are billed $0, which is not what they cost. */
export function PriceUnknownBadge() {
  return (
    <Badge variant="warning" data-testid="price-unknown" title="No price is known: runs of it show $0. Enter a price under Settings → Providers to count its cost.">
      <CircleHelp className="size-3" aria-hidden /> price unknown
    </Badge>
  );
}
