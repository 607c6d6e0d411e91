"use client";

// The selected item in full: input, last output, error and every attempt, with its actions.
import { Check, LoaderCircle, RotateCcw, Trash } from "lucide-react";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import type { ReviewAction, ReviewItem } from "@/lib/shared/api-types";
import { formatDate, plural } from "@/lib/shared/format";

export function ReviewDetail(props: { item: ReviewItem; pending: ReviewAction | null; onAction: (action: ReviewAction) => void }) {
  const { item, pending } = props;
  const spinner = <LoaderCircle className="animate-spin" aria-hidden />;
  return (
    <article className="space-y-4" data-testid="review-detail" data-item-id={item.id} aria-label={`Row ${item.rowIndex + 1}`}>
      <header className="space-y-1">
        <h2 className="text-base font-semibold">
          Row {item.rowIndex + 1} · <span className="break-words">{item.datasetName}</span>
        </h2>
        <p className="flex flex-wrap gap-x-3 gap-y-1 text-sm text-muted-foreground">
          <Link href={`/runs/${item.runId}`} className="underline underline-offset-4 hover:text-foreground">
            Run {item.runId.slice(0, 8)}
          </Link>
          <span className="font-mono">{item.model}</span>
          <span>{plural(item.attempts, "attempt")}</span>
        </p>
      </header>
      <div className="flex flex-wrap gap-2">
        <Button size="sm" variant="outline" onClick={() => props.onAction("retry")} disabled={pending !== null}>
          {pending === "retry" ? spinner : <RotateCcw aria-hidden />} Retry <Kbd>r</Kbd>
        </Button>
        <Button size="sm" variant="outline" onClick={() => props.onAction("resolve")} disabled={pending !== null}>
          {pending === "resolve" ? spinner : <Check aria-hidden />} Resolve <Kbd>e</Kbd>
        </Button>
        <Button size="sm" variant="outline" className="text-destructive hover:text-destructive" onClick={() => props.onAction("discard")} disabled={pending !== null}>
          {pending === "discard" ? spinner : <Trash aria-hidden />} Discard <Kbd>d</Kbd>
        </Button>
      </div>
      <section aria-label="Input" className="min-w-0 space-y-1.5">
        <h3 className="text-xs font-medium text-muted-foreground">Input</h3>
        <pre className="max-h-64 overflow-auto whitespace-pre-wrap break-words rounded-md bg-muted/60 p-3 font-sans text-[13px]">{item.input}</pre>
      </section>
      <section aria-label="Last error" className="min-w-0 space-y-1.5">
        <h3 className="text-xs font-medium text-muted-foreground">Last error</h3>
        <div className="flex flex-wrap items-center gap-2">
          {item.errorKind ? (
            <Badge variant="destructive" className="font-mono">
              {item.errorKind}
            </Badge>
          ) : null}
          <p className="min-w-0 text-sm break-words">{item.errorMessage ?? "No message recorded."}</p>
        </div>
      </section>
      {item.output ? (
        <section aria-label="Last output" className="min-w-0 space-y-1.5">
          <h3 className="text-xs font-medium text-muted-foreground">Last output</h3>
          <pre className="max-h-40 overflow-auto whitespace-pre-wrap break-words rounded-md border p-3 font-sans text-[13px]">{item.output}</pre>
        </section>
      ) : null}
      {item.attemptErrors.length > 0 ? (
        <section aria-label="Attempts" className="min-w-0 space-y-1.5">
          <h3 className="text-xs font-medium text-muted-foreground">Failed attempts ({item.attemptErrors.length})</h3>
          <ol className="divide-y rounded-md border text-sm">
            {item.attemptErrors.map((attempt, index) => (
              <li key={`${attempt.pass}-${attempt.at}-${index}`} className="flex flex-wrap items-baseline gap-x-2 px-3 py-2">
                <span className="text-xs text-muted-foreground">#{index + 1}</span>
                {attempt.errorKind ? <span className="font-mono text-xs text-destructive">{attempt.errorKind}</span> : null}
                <span className="min-w-0 break-words">{attempt.errorMessage ?? "—"}</span>
                <span className="ml-auto text-xs text-muted-foreground">{formatDate(attempt.at)}</span>
              </li>
            ))}
          </ol>
        </section>
      ) : null}
    </article>
  );
}

export function Kbd({ children }: { children: string }) {
  return (
    <kbd className="ml-0.5 hidden rounded border bg-muted px-1 font-mono text-[11px] leading-4 text-muted-foreground sm:inline-block">{children}</kbd>
  );
}
