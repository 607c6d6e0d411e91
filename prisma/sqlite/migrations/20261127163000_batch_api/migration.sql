-- CreateTable
CREATE TABLE "RemoteBatch" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "runId" TEXT NOT NULL,
    "pass" INTEGER NOT NULL,
    "number" INTEGER NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'planned',
    "requestCount" INTEGER NOT NULL,
    "completedCount" INTEGER NOT NULL DEFAULT 0,
    "failedCount" INTEGER NOT NULL DEFAULT 0,
    "inputFileId" TEXT,
    "batchId" TEXT,
    "outputFileId" TEXT,
    "errorFileId" TEXT,
    "costNanos" BIGINT NOT NULL DEFAULT 0,
    "syncCostNanos" BIGINT NOT NULL DEFAULT 0,
    "answered" INTEGER NOT NULL DEFAULT 0,
    "errored" INTEGER NOT NULL DEFAULT 0,
    "unattempted" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "submittedAt" DATETIME,
    "finishedAt" DATETIME,
    "settledAt" DATETIME,
    CONSTRAINT "RemoteBatch_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SimulatorFile" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "purpose" TEXT NOT NULL,
    "filename" TEXT NOT NULL,
    "bytes" INTEGER NOT NULL,
    "content" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "SimulatorBatch" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "inputFileId" TEXT NOT NULL,
    "endpoint" TEXT NOT NULL,
    "completionWindow" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "metadata" TEXT,
    "total" INTEGER NOT NULL DEFAULT 0,
    "completed" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "outputFileId" TEXT,
    "errorFileId" TEXT,
    "completesAt" DATETIME NOT NULL,
    "errorRate" REAL NOT NULL DEFAULT 0,
    "expires" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME,
    "cancelledAt" DATETIME
);

-- AlterTable
ALTER TABLE "Run" ADD COLUMN "mode" TEXT NOT NULL DEFAULT 'sync';
ALTER TABLE "Run" ADD COLUMN "batchApiRetries" BOOLEAN NOT NULL DEFAULT false;

-- CreateIndex
CREATE UNIQUE INDEX "RemoteBatch_runId_pass_number_key" ON "RemoteBatch"("runId", "pass", "number");
