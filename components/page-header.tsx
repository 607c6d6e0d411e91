import type { ReactNode } from "react";

export function PageHeader({ title, description, actions }: { title: ReactNode; description?: ReactNode; actions?: ReactNode }) {
  return (
    <div className="flex flex-wrap items-end justify-between gap-4">
      <div className="min-w-0 space-y-1">
        {/* A long name wraps on a phone rather than losing its end; one line from sm up. */}
        <h1 className="text-2xl font-semibold tracking-tight wrap-anywhere sm:truncate">{title}</h1>
        {description ? <div className="text-sm wrap-anywhere text-muted-foreground">{description}</div> : null}
      </div>
      {actions ? <div className="flex flex-wrap items-center gap-2">{actions}</div> : null}
    </div>
  );
}
