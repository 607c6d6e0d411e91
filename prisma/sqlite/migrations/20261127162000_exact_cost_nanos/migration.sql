-- Written by hand: money moves from micro-dollars rounded up per call to exact nano-dollars.
-- Columns are added, filled from the old ones (x 1000) and the old ones dropped, in place: no table
-- rebuild. The run_counters trigger names the cost column, so it is dropped first and made again below.
DROP TRIGGER IF EXISTS "RunItem_run_counters";

ALTER TABLE "Run" ADD COLUMN "costNanos" BIGINT NOT NULL DEFAULT 0;
ALTER TABLE "Run" ADD COLUMN "budgetNanos" BIGINT;
UPDATE "Run" SET "costNanos" = "costMicros" * 1000, "budgetNanos" = "budgetMicros" * 1000;
ALTER TABLE "Run" DROP COLUMN "costMicros";
ALTER TABLE "Run" DROP COLUMN "budgetMicros";

ALTER TABLE "RunItem" ADD COLUMN "costNanos" BIGINT NOT NULL DEFAULT 0;
UPDATE "RunItem" SET "costNanos" = "costMicros" * 1000;
ALTER TABLE "RunItem" DROP COLUMN "costMicros";

ALTER TABLE "ItemAttempt" ADD COLUMN "costNanos" BIGINT NOT NULL DEFAULT 0;
UPDATE "ItemAttempt" SET "costNanos" = "costMicros" * 1000;
ALTER TABLE "ItemAttempt" DROP COLUMN "costMicros";

ALTER TABLE "RunBatch" ADD COLUMN "costNanos" BIGINT NOT NULL DEFAULT 0;
UPDATE "RunBatch" SET "costNanos" = "costMicros" * 1000;
ALTER TABLE "RunBatch" DROP COLUMN "costMicros";

-- The run_counters trigger as the accounts migration made it, with the cost in nano-dollars.
CREATE TRIGGER "RunItem_run_counters" AFTER UPDATE OF "status", "costNanos", "tokensIn", "tokensOut" ON "RunItem"
FOR EACH ROW WHEN OLD."status" IS NOT NEW."status" OR OLD."costNanos" != NEW."costNanos"
  OR OLD."tokensIn" != NEW."tokensIn" OR OLD."tokensOut" != NEW."tokensOut"
BEGIN
  UPDATE "Run" SET
    "pendingCount"     = "pendingCount"     + (NEW."status" = 'pending')      - (OLD."status" = 'pending'),
    "processingCount"  = "processingCount"  + (NEW."status" = 'processing')   - (OLD."status" = 'processing'),
    "completedCount"   = "completedCount"   + (NEW."status" = 'completed')    - (OLD."status" = 'completed'),
    "failedCount"      = "failedCount"      + (NEW."status" = 'failed')       - (OLD."status" = 'failed'),
    "needsReviewCount" = "needsReviewCount" + (NEW."status" = 'needs_review') - (OLD."status" = 'needs_review'),
    "skippedCount"     = "skippedCount"     + (NEW."status" = 'skipped')      - (OLD."status" = 'skipped'),
    "costNanos"        = "costNanos" + NEW."costNanos" - OLD."costNanos",
    "tokensIn"         = "tokensIn"   + NEW."tokensIn"   - OLD."tokensIn",
    "tokensOut"        = "tokensOut"  + NEW."tokensOut"  - OLD."tokensOut"
  WHERE "id" = NEW."runId";
END;
