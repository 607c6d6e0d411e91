// Validated rows parked in a temporary file while the rest of the upload parses, so that on
// SQLite the transaction storing them opens only once the whole file has been accepted (see
// create-dataset.ts). Memory holds one batch whatever the file size; the file goes in discard().
import "server-only";
import { mkdtemp, open, rm, type FileHandle } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { OneInFlight } from "@/lib/server/datasets/one-in-flight";

export interface SpilledBatch {
  firstIndex: number;
  /** JSON.stringify of the batch's cell arrays. */
  rowsJson: string;
}

interface BatchExtent {
  firstIndex: number;
  position: number;
  bytes: number;
}

export class RowSpill {
  private readonly extents: BatchExtent[] = [];
  private readonly writes = new OneInFlight();
  private size = 0;

  private constructor(
    private readonly dir: string,
    private readonly handle: FileHandle,
  ) {}

  static async create(): Promise<RowSpill> {
    const dir = await mkdtemp(path.join(os.tmpdir(), "batchwise-upload-"));
    try {
      return new RowSpill(dir, await open(path.join(dir, "rows.json"), "w+"));
    } catch (error) {
      await rm(dir, { recursive: true, force: true });
      throw error;
    }
  }

  /** Returns once the previous batch is written; this one is written while the caller parses on. */
  async write(firstIndex: number, rows: string[][]): Promise<void> {
    const bytes = Buffer.from(JSON.stringify(rows));
    await this.writes.start(async () => {
      const position = this.size;
      this.size += bytes.length;
      this.extents.push({ firstIndex, position, bytes: bytes.length });
      await this.handle.write(bytes, 0, bytes.length, position);
    });
  }

  /** The batches in the order written, read back one at a time. */
  async *batches(): AsyncGenerator<SpilledBatch> {
    await this.writes.finish();
    for (const extent of this.extents) {
      const bytes = Buffer.allocUnsafe(extent.bytes);
      const { bytesRead } = await this.handle.read(bytes, 0, extent.bytes, extent.position);
      if (bytesRead !== extent.bytes) throw new Error(`Upload spill file: read ${bytesRead} of ${extent.bytes} bytes.`);
      yield { firstIndex: extent.firstIndex, rowsJson: bytes.toString("utf8") };
    }
  }

  /** Closes and deletes the file; safe to call after any failure. */
  async discard(): Promise<void> {
    await this.writes.settled();
    try {
      await this.handle.close();
    } finally {
      await rm(this.dir, { recursive: true, force: true });
    }
  }
}
