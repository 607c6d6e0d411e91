"use client";

import { ChevronDown, Download, FileBraces, FileSpreadsheet, FileText, ListFilter } from "lucide-react";
import type { ReactNode } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { runExportUrl, runReportDownloadUrl } from "@/lib/client/api-client";
import { isRunActive } from "@/lib/client/queries";
import type { RunSummary } from "@/lib/shared/api-types";
import { plural } from "@/lib/shared/format";

/**
 * The run's downloads: every item (the dataset's columns first, then the output and what happened
 * to it) as CSV, JSON or JSONL; only the items still failed or awaiting review, to fix the data
 * outside; and the final report. Each entry is a plain link, so the browser downloads it natively.
 */
export function ExportMenu({ run }: { run: RunSummary }) {
  const toFix = run.counts.failed + run.counts.needs_review;
  const ended = !isRunActive(run.status);
  const started = (what: string) => toast("Download started", { description: what });

  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button variant="outline" size="sm" data-testid="export-menu">
          <Download aria-hidden /> Export <ChevronDown aria-hidden />
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end" className="w-72 max-w-[calc(100vw-1rem)]">
        <DropdownMenuLabel className="text-xs font-medium text-muted-foreground">All {plural(run.total, "item")}</DropdownMenuLabel>
        <DownloadItem href={runExportUrl(run.id, "csv")} icon={<FileSpreadsheet aria-hidden />} hint="Dataset columns first; for spreadsheets" onSelect={() => started("All items as CSV")}>
          CSV
        </DownloadItem>
        <DownloadItem href={runExportUrl(run.id, "json")} icon={<FileBraces aria-hidden />} hint="One array of records" onSelect={() => started("All items as JSON")}>
          JSON
        </DownloadItem>
        <DownloadItem href={runExportUrl(run.id, "jsonl")} icon={<FileBraces aria-hidden />} hint="One record per line" onSelect={() => started("All items as JSONL")}>
          JSONL
        </DownloadItem>
        <DropdownMenuSeparator />
        <DownloadItem
          href={runExportUrl(run.id, "csv", true)}
          icon={<ListFilter aria-hidden />}
          hint={toFix === 0 ? "None: nothing failed or awaits review" : `${plural(toFix, "item")} to fix outside (CSV)`}
          disabled={toFix === 0}
          onSelect={() => started("Failed and review items as CSV")}
        >
          Failed and review only
        </DownloadItem>
        <DropdownMenuSeparator />
        <DownloadItem
          href={runReportDownloadUrl(run.id, "md")}
          icon={<FileText aria-hidden />}
          hint={ended ? "Final numbers as Markdown" : "Written when the run ends"}
          disabled={!ended}
          onSelect={() => started("The report as Markdown")}
        >
          Report
        </DownloadItem>
        <DownloadItem
          href={runReportDownloadUrl(run.id, "json")}
          icon={<FileBraces aria-hidden />}
          hint={ended ? "Final numbers as JSON" : "Written when the run ends"}
          disabled={!ended}
          onSelect={() => started("The report as JSON")}
        >
          Report (JSON)
        </DownloadItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}

function DownloadItem({ href, icon, hint, disabled, onSelect, children }: { href: string; icon: ReactNode; hint: string; disabled?: boolean; onSelect: () => void; children: ReactNode }) {
  if (disabled) {
    return (
      <DropdownMenuItem disabled className="items-start opacity-50 [&_svg]:mt-0.5">
        {icon}
        <ItemText hint={hint}>{children}</ItemText>
      </DropdownMenuItem>
    );
  }
  return (
    <DropdownMenuItem asChild className="items-start [&_svg]:mt-0.5" onSelect={onSelect}>
      <a href={href} download>
        {icon}
        <ItemText hint={hint}>{children}</ItemText>
      </a>
    </DropdownMenuItem>
  );
}

function ItemText({ hint, children }: { hint: string; children: ReactNode }) {
  return (
    <span className="flex min-w-0 flex-col">
      <span>{children}</span>
      <span className="text-xs text-muted-foreground">{hint}</span>
    </span>
  );
}
