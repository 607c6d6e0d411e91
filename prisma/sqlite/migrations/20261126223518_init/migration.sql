-- CreateTable
CREATE TABLE "Dataset" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "columns" TEXT NOT NULL,
    "rowCount" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "DatasetRow" (
    "datasetId" TEXT NOT NULL,
    "index" INTEGER NOT NULL,
    "cells" TEXT NOT NULL,

    PRIMARY KEY ("datasetId", "index"),
    CONSTRAINT "DatasetRow_datasetId_fkey" FOREIGN KEY ("datasetId") REFERENCES "Dataset" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Run" (
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
    "sourceRunId" TEXT,
    "totalItems" INTEGER NOT NULL,
    "totalBatches" INTEGER NOT NULL,
    "report" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" DATETIME,
    "finishedAt" DATETIME,
    CONSTRAINT "Run_datasetId_fkey" FOREIGN KEY ("datasetId") REFERENCES "Dataset" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RunItem" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "runId" TEXT NOT NULL,
    "rowIndex" INTEGER NOT NULL,
    "input" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "output" TEXT,
    "errorKind" TEXT,
    "errorMessage" TEXT,
    "skipReason" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "tokensIn" INTEGER NOT NULL DEFAULT 0,
    "tokensOut" INTEGER NOT NULL DEFAULT 0,
    "costMicros" INTEGER NOT NULL DEFAULT 0,
    "latencyMs" INTEGER,
    "batchNumber" INTEGER NOT NULL,
    "reviewAction" TEXT,
    "reviewedAt" DATETIME,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "RunItem_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ItemAttempt" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "itemId" TEXT NOT NULL,
    "pass" INTEGER NOT NULL,
    "batchNumber" INTEGER NOT NULL,
    "ok" BOOLEAN NOT NULL,
    "errorKind" TEXT,
    "errorMessage" TEXT,
    "tokensIn" INTEGER NOT NULL DEFAULT 0,
    "tokensOut" INTEGER NOT NULL DEFAULT 0,
    "costMicros" INTEGER NOT NULL DEFAULT 0,
    "latencyMs" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ItemAttempt_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "RunItem" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RunBatch" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "runId" TEXT NOT NULL,
    "pass" INTEGER NOT NULL,
    "number" INTEGER NOT NULL,
    "size" INTEGER NOT NULL,
    "ok" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "costMicros" INTEGER NOT NULL DEFAULT 0,
    "startedAt" DATETIME,
    "finishedAt" DATETIME,
    CONSTRAINT "RunBatch_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "Run_status_priority_idx" ON "Run"("status", "priority");

-- CreateIndex
CREATE INDEX "RunItem_runId_status_idx" ON "RunItem"("runId", "status");

-- CreateIndex
CREATE INDEX "RunItem_runId_batchNumber_idx" ON "RunItem"("runId", "batchNumber");

-- CreateIndex
CREATE INDEX "RunItem_status_idx" ON "RunItem"("status");

-- CreateIndex
CREATE INDEX "ItemAttempt_itemId_idx" ON "ItemAttempt"("itemId");

-- CreateIndex
CREATE UNIQUE INDEX "RunBatch_runId_pass_number_key" ON "RunBatch"("runId", "pass", "number");
