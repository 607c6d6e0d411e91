-- Added in place (ALTER TABLE ADD COLUMN), not by rebuilding the table, so existing attempts keep their rows as they are.
ALTER TABLE "ItemAttempt" ADD COLUMN "rateLimitHits" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "ItemAttempt" ADD COLUMN "rateLimitWaitMs" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "ItemAttempt" ADD COLUMN "runId" TEXT;

-- Earlier attempts get the run of their item, so their runs keep a timeline.
UPDATE "ItemAttempt" SET "runId" = (SELECT i."runId" FROM "RunItem" i WHERE i."id" = "ItemAttempt"."itemId");

-- CreateIndex
CREATE INDEX "ItemAttempt_runId_createdAt_idx" ON "ItemAttempt"("runId", "createdAt");
