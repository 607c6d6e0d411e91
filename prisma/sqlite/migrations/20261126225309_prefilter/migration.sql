-- AlterTable
ALTER TABLE "RunItem" ADD COLUMN "cacheKey" TEXT;

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
    "budgetMicros" INTEGER,
    "sampleSize" INTEGER,
    "minInputChars" INTEGER NOT NULL DEFAULT 1,
    "useCache" BOOLEAN NOT NULL DEFAULT true,
    "sourceRunId" TEXT,
    "totalItems" INTEGER NOT NULL,
    "totalBatches" INTEGER NOT NULL,
    "report" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" DATETIME,
    "finishedAt" DATETIME,
    CONSTRAINT "Run_datasetId_fkey" FOREIGN KEY ("datasetId") REFERENCES "Dataset" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Run" ("batchSize", "budgetMicros", "concurrency", "createdAt", "datasetId", "delayMs", "errorThreshold", "executor", "finishedAt", "id", "kind", "maxRetries", "model", "outputSchema", "pauseReason", "priority", "promptTemplate", "report", "sampleSize", "sourceRunId", "startedAt", "status", "systemPrompt", "totalBatches", "totalItems") SELECT "batchSize", "budgetMicros", "concurrency", "createdAt", "datasetId", "delayMs", "errorThreshold", "executor", "finishedAt", "id", "kind", "maxRetries", "model", "outputSchema", "pauseReason", "priority", "promptTemplate", "report", "sampleSize", "sourceRunId", "startedAt", "status", "systemPrompt", "totalBatches", "totalItems" FROM "Run";
DROP TABLE "Run";
ALTER TABLE "new_Run" RENAME TO "Run";
CREATE INDEX "Run_status_priority_idx" ON "Run"("status", "priority");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "RunItem_cacheKey_status_idx" ON "RunItem"("cacheKey", "status");
