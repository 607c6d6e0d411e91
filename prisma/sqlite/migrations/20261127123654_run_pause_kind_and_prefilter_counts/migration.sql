-- AlterTable
ALTER TABLE "Run" ADD COLUMN "pauseKind" TEXT;
ALTER TABLE "Run" ADD COLUMN "breakerOffPass" INTEGER;
ALTER TABLE "Run" ADD COLUMN "duplicateCount" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "Run" ADD COLUMN "cachedCount" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "Run" ADD COLUMN "tooShortCount" INTEGER NOT NULL DEFAULT 0;

-- Backfill: the pre-filter counts of existing runs, from their items (pre-filtered items have batch 0)
UPDATE "Run" SET
  "duplicateCount" = (SELECT count(*) FROM "RunItem" i WHERE i."runId" = "Run"."id" AND i."batchNumber" = 0 AND i."skipReason" LIKE 'duplicate_of:%'),
  "cachedCount" = (SELECT count(*) FROM "RunItem" i WHERE i."runId" = "Run"."id" AND i."batchNumber" = 0 AND i."skipReason" = 'cached'),
  "tooShortCount" = (SELECT count(*) FROM "RunItem" i WHERE i."runId" = "Run"."id" AND i."batchNumber" = 0 AND i."skipReason" = 'too_short');

-- Backfill: why paused runs wait
UPDATE "Run" SET "pauseKind" = CASE
  WHEN "pauseReason" LIKE 'Error-rate breaker%' THEN 'breaker'
  WHEN "pauseReason" LIKE 'The execution stopped%' THEN 'execution'
  ELSE 'person' END
WHERE "status" = 'paused';
