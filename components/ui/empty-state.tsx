import type { LucideIcon } from "lucide-react";
import type { ReactNode } from "react";
import { cn } from "@/lib/client/cn";

export interface EmptyStateProps {
  icon: LucideIcon;
  title: string;
  description?: ReactNode;
  action?: ReactNode;
  tone?: "default" | "error";
  className?: string;
}

/** The placeholder for a list with nothing in it, or a view that failed to load. */
export function EmptyState({ icon: Icon, title, description, action, tone = "default", className }: EmptyStateProps) {
  return (
    <div
      role={tone === "error" ? "alert" : undefined}
      className={cn("flex flex-col items-center justify-center gap-3 rounded-lg border border-dashed px-6 py-10 text-center", className)}
    >
      <div className={cn("flex size-10 items-center justify-center rounded-full bg-muted", tone === "error" && "bg-destructive/10 text-destructive")}>
        <Icon className="size-5" aria-hidden />
      </div>
      <div className="space-y-1">
        <p className="font-medium">{title}</p>
        {description ? <div className="max-w-md text-sm text-muted-foreground">{description}</div> : null}
      </div>
      {action}
    </div>
  );
}
