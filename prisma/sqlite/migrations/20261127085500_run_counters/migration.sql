-- AlterTable
ALTER TABLE "RunItem" ADD COLUMN "claim" TEXT;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Run" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "datasetId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "pauseReason" TEXT,
    "priority" INTEGER NOT NULL DEFAULT 0,
    "executor" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "promptTemplate" TEXT NOT NULL,
    "systemPrompt" TEXT,
    "outputSchema" TEXT,
    "batchSize" INTEGER NOT NULL,
    "concurrency" INTEGER NOT NULL,
    "delayMs" INTEGER NOT NULL,
    "maxRetries" INTEGER NOT NULL,
    "errorThreshold" REAL NOT NULL,
    "budgetMicros" BIGINT,
    "sampleSize" INTEGER,
    "minInputChars" INTEGER NOT NULL DEFAULT 1,
    "useCache" BOOLEAN NOT NULL DEFAULT true,
    "sourceRunId" TEXT,
    "totalItems" INTEGER NOT NULL,
    "totalBatches" INTEGER NOT NULL,
    "report" TEXT,
    "pendingCount" INTEGER NOT NULL DEFAULT 0,
    "processingCount" INTEGER NOT NULL DEFAULT 0,
    "completedCount" INTEGER NOT NULL DEFAULT 0,
    "failedCount" INTEGER NOT NULL DEFAULT 0,
    "needsReviewCount" INTEGER NOT NULL DEFAULT 0,
    "skippedCount" INTEGER NOT NULL DEFAULT 0,
    "costMicros" BIGINT NOT NULL DEFAULT 0,
    "tokensIn" BIGINT NOT NULL DEFAULT 0,
    "tokensOut" BIGINT NOT NULL DEFAULT 0,
    "leaseOwner" TEXT,
    "leaseExpiresAt" DATETIME,
    "idempotencyKey" TEXT,
    "requestHash" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" DATETIME,
    "finishedAt" DATETIME,
    CONSTRAINT "Run_datasetId_fkey" FOREIGN KEY ("datasetId") REFERENCES "Dataset" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Run" ("batchSize", "budgetMicros", "concurrency", "createdAt", "datasetId", "delayMs", "errorThreshold", "executor", "finishedAt", "id", "kind", "maxRetries", "minInputChars", "model", "outputSchema", "pauseReason", "priority", "promptTemplate", "report", "sampleSize", "sourceRunId", "startedAt", "status", "systemPrompt", "totalBatches", "totalItems", "useCache") SELECT "batchSize", "budgetMicros", "concurrency", "createdAt", "datasetId", "delayMs", "errorThreshold", "executor", "finishedAt", "id", "kind", "maxRetries", "minInputChars", "model", "outputSchema", "pauseReason", "priority", "promptTemplate", "report", "sampleSize", "sourceRunId", "startedAt", "status", "systemPrompt", "totalBatches", "totalItems", "useCache" FROM "Run";
DROP TABLE "Run";
ALTER TABLE "new_Run" RENAME TO "Run";
CREATE UNIQUE INDEX "Run_idempotencyKey_key" ON "Run"("idempotencyKey");
CREATE INDEX "Run_status_priority_idx" ON "Run"("status", "priority");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "RunItem_runId_rowIndex_idx" ON "RunItem"("runId", "rowIndex");

-- Written by hand below this line (Prisma schema has no triggers, and its diff ignores them).
-- Counters for runs created before this migration.
UPDATE "Run" SET
  "pendingCount"     = (SELECT count(*) FROM "RunItem" i WHERE i."runId" = "Run"."id" AND i."status" = 'pending'),
  "processingCount"  = (SELECT count(*) FROM "RunItem" i WHERE i."runId" = "Run"."id" AND i."status" = 'processing'),
  "completedCount"   = (SELECT count(*) FROM "RunItem" i WHERE i."runId" = "Run"."id" AND i."status" = 'completed'),
  "failedCount"      = (SELECT count(*) FROM "RunItem" i WHERE i."runId" = "Run"."id" AND i."status" = 'failed'),
  "needsReviewCount" = (SELECT count(*) FROM "RunItem" i WHERE i."runId" = "Run"."id" AND i."status" = 'needs_review'),
  "skippedCount"     = (SELECT count(*) FROM "RunItem" i WHERE i."runId" = "Run"."id" AND i."status" = 'skipped'),
  "costMicros"       = (SELECT coalesce(sum("costMicros"), 0) FROM "RunItem" i WHERE i."runId" = "Run"."id"),
  "tokensIn"         = (SELECT coalesce(sum("tokensIn"), 0) FROM "RunItem" i WHERE i."runId" = "Run"."id"),
  "tokensOut"        = (SELECT coalesce(sum("tokensOut"), 0) FROM "RunItem" i WHERE i."runId" = "Run"."id");

-- Every change of the status or cost of an item moves the counters of its run in the same transaction.
-- A migration that rebuilds "RunItem" (Prisma RedefineTables) drops this trigger: recreate it there.
CREATE TRIGGER "RunItem_run_counters" AFTER UPDATE OF "status", "costMicros", "tokensIn", "tokensOut" ON "RunItem"
FOR EACH ROW WHEN OLD."status" IS NOT NEW."status" OR OLD."costMicros" != NEW."costMicros"
  OR OLD."tokensIn" != NEW."tokensIn" OR OLD."tokensOut" != NEW."tokensOut"
BEGIN
  UPDATE "Run" SET
    "pendingCount"     = "pendingCount"     + (NEW."status" = 'pending')      - (OLD."status" = 'pending'),
    "processingCount"  = "processingCount"  + (NEW."status" = 'processing')   - (OLD."status" = 'processing'),
    "completedCount"   = "completedCount"   + (NEW."status" = 'completed')    - (OLD."status" = 'completed'),
    "failedCount"      = "failedCount"      + (NEW."status" = 'failed')       - (OLD."status" = 'failed'),
    "needsReviewCount" = "needsReviewCount" + (NEW."status" = 'needs_review') - (OLD."status" = 'needs_review'),
    "skippedCount"     = "skippedCount"     + (NEW."status" = 'skipped')      - (OLD."status" = 'skipped'),
    "costMicros"       = "costMicros" + NEW."costMicros" - OLD."costMicros",
    "tokensIn"         = "tokensIn"   + NEW."tokensIn"   - OLD."tokensIn",
    "tokensOut"        = "tokensOut"  + NEW."tokensOut"  - OLD."tokensOut"
  WHERE "id" = NEW."runId";
END;
