import { Pager } from "@/components/pager";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { DatasetDetail } from "@/lib/api-types";
import { cn } from "@/lib/utils";

/** One page of a dataset's rows; long cells are cut to one line, the full text on hover. */
export function RowsTable({ dataset, onOffsetChange, loading }: { dataset: DatasetDetail; onOffsetChange: (offset: number) => void; loading: boolean }) {
  return (
    <div className="space-y-3">
      <div className={cn("rounded-md border transition-opacity", loading && "opacity-60")} aria-busy={loading}>
        <Table data-testid="rows-table">
          <TableHeader>
            <TableRow>
              <TableHead className="w-12 text-right">#</TableHead>
              {dataset.columns.map((column) => (
                <TableHead key={column}>{column}</TableHead>
              ))}
            </TableRow>
          </TableHeader>
          <TableBody>
            {dataset.rows.map((row) => (
              <TableRow key={row.index}>
                <TableCell className="text-right tabular-nums text-muted-foreground">{row.index + 1}</TableCell>
                {dataset.columns.map((column) => {
                  const value = row.values[column] ?? "";
                  return (
                    <TableCell key={column} className="max-w-64">
                      <span className="block truncate" title={value}>
                        {value || <span className="text-muted-foreground">—</span>}
                      </span>
                    </TableCell>
                  );
                })}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
      <Pager offset={dataset.offset} limit={dataset.limit} total={dataset.rowCount} onOffsetChange={onOffsetChange} />
    </div>
  );
}
