-- AlterTable
ALTER TABLE "RunItem" ADD COLUMN "arrivedAt" DATETIME;
ALTER TABLE "RunItem" ADD COLUMN "streamKey" TEXT;

-- CreateTable
CREATE TABLE "Stream" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "fields" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "maxBatchSize" INTEGER NOT NULL DEFAULT 20,
    "maxWaitMs" INTEGER NOT NULL DEFAULT 2000,
    "dailyBudgetNanos" BIGINT,
    "webhookUrl" TEXT,
    "webhookSecret" TEXT,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Stream_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "WebhookDelivery" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "streamId" TEXT NOT NULL,
    "itemId" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "giveUpAt" DATETIME NOT NULL,
    "lastStatusCode" INTEGER,
    "lastError" TEXT,
    "deliveredAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "WebhookDelivery_streamId_fkey" FOREIGN KEY ("streamId") REFERENCES "Stream" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "WebhookDelivery_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "RunItem" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Stream_runId_key" ON "Stream"("runId");

-- CreateIndex
CREATE UNIQUE INDEX "WebhookDelivery_itemId_key" ON "WebhookDelivery"("itemId");

-- CreateIndex
CREATE INDEX "WebhookDelivery_status_nextAttemptAt_idx" ON "WebhookDelivery"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "WebhookDelivery_streamId_createdAt_idx" ON "WebhookDelivery"("streamId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "RunItem_runId_streamKey_key" ON "RunItem"("runId", "streamKey");
