-- AlterTable
ALTER TABLE "ItemAttempt" ADD COLUMN     "rateLimitHits" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "rateLimitWaitMs" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "runId" TEXT;

-- Earlier attempts get the run of their item, so their runs keep a timeline.
UPDATE "ItemAttempt" SET "runId" = i."runId" FROM "RunItem" i WHERE i."id" = "ItemAttempt"."itemId";

-- CreateIndex
CREATE INDEX "ItemAttempt_runId_createdAt_idx" ON "ItemAttempt"("runId", "createdAt");
