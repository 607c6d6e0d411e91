// SQLite for a server with many things happening at once: one writer connection that nothing can
// slip into while a transaction is open, and one reader connection that never waits for it.
//
// Prisma's better-sqlite3 adapter has a single connection and serialises only transactions: a
// statement issued outside a transaction while one is open runs inside it, so a rolled-back upload
// could silently undo a run's progress. Here every write (and every transaction) takes one lock,
// and plain reads go to a second connection, which in WAL mode sees the last commit and is never
// blocked by the writer. better-sqlite3 is synchronous, so with one writer per process it never
// busy-waits on a lock held by this same process (that wait blocks the event loop).
import "server-only";
import { Mutex } from "async-mutex";
import type {
  IsolationLevel,
  SqlDriverAdapter,
  SqlDriverAdapterFactory,
  SqlQuery,
  SqlResultSet,
  Transaction,
} from "@prisma/driver-adapter-utils";

/** Only statements that start with SELECT are sent to the reader; anything else may write. */
const READ_ONLY_STATEMENT = /^\s*SELECT\b/i;

export const isReadOnlyStatement = (sql: string) => READ_ONLY_STATEMENT.test(sql);

export class OneWriterSqliteFactory implements SqlDriverAdapterFactory {
  readonly provider = "sqlite";
  readonly adapterName: string;

  constructor(
    private readonly writer: SqlDriverAdapterFactory,
    private readonly reader: SqlDriverAdapterFactory,
  ) {
    this.adapterName = writer.adapterName;
  }

  async connect(): Promise<SqlDriverAdapter> {
    const writer = await this.writer.connect();
    return new OneWriterSqliteAdapter(writer, await this.reader.connect());
  }
}

class OneWriterSqliteAdapter implements SqlDriverAdapter {
  readonly provider = "sqlite";
  readonly adapterName: string;
  readonly getConnectionInfo: SqlDriverAdapter["getConnectionInfo"];
  private readonly writeLock = new Mutex();

  constructor(
    private readonly writer: SqlDriverAdapter,
    private readonly reader: SqlDriverAdapter,
  ) {
    this.adapterName = writer.adapterName;
    this.getConnectionInfo = writer.getConnectionInfo?.bind(writer);
  }

  queryRaw(query: SqlQuery): Promise<SqlResultSet> {
    if (isReadOnlyStatement(query.sql)) return this.reader.queryRaw(query);
    return this.writeLock.runExclusive(() => this.writer.queryRaw(query));
  }

  executeRaw(query: SqlQuery): Promise<number> {
    return this.writeLock.runExclusive(() => this.writer.executeRaw(query));
  }

  executeScript(script: string): Promise<void> {
    return this.writeLock.runExclusive(() => this.writer.executeScript(script));
  }

  async startTransaction(isolationLevel?: IsolationLevel): Promise<Transaction> {
    const release = await this.writeLock.acquire();
    try {
      return lockedTransaction(await this.writer.startTransaction(isolationLevel), release);
    } catch (error) {
      release();
      throw error;
    }
  }

  async dispose(): Promise<void> {
    await Promise.all([this.writer.dispose(), this.reader.dispose()]);
  }
}

/** The transaction as it is, except that ending it (either way) hands the writer to the next in line. */
function lockedTransaction(tx: Transaction, release: () => void): Transaction {
  const endThen = (end: () => Promise<void>) => async () => {
    try {
      await end();
    } finally {
      release();
    }
  };
  return {
    provider: tx.provider,
    adapterName: tx.adapterName,
    options: tx.options,
    queryRaw: (query) => tx.queryRaw(query),
    executeRaw: (query) => tx.executeRaw(query),
    commit: endThen(() => tx.commit()),
    rollback: endThen(() => tx.rollback()),
    createSavepoint: tx.createSavepoint?.bind(tx),
    rollbackToSavepoint: tx.rollbackToSavepoint?.bind(tx),
    releaseSavepoint: tx.releaseSavepoint?.bind(tx),
  };
}
