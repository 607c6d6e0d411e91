-- Written by hand: money moves from micro-dollars rounded up per call to exact nano-dollars.
-- Renamed in place, widened to BIGINT and multiplied by 1000. The run_counters trigger and its
-- function name the cost column, so both are made again below.
DROP TRIGGER IF EXISTS "RunItem_run_counters" ON "RunItem";

ALTER TABLE "Run" RENAME COLUMN "costMicros" TO "costNanos";
ALTER TABLE "Run" RENAME COLUMN "budgetMicros" TO "budgetNanos";
UPDATE "Run" SET "costNanos" = "costNanos" * 1000, "budgetNanos" = "budgetNanos" * 1000;

ALTER TABLE "RunItem" RENAME COLUMN "costMicros" TO "costNanos";
ALTER TABLE "RunItem" ALTER COLUMN "costNanos" SET DATA TYPE BIGINT;
UPDATE "RunItem" SET "costNanos" = "costNanos" * 1000;

ALTER TABLE "ItemAttempt" RENAME COLUMN "costMicros" TO "costNanos";
ALTER TABLE "ItemAttempt" ALTER COLUMN "costNanos" SET DATA TYPE BIGINT;
UPDATE "ItemAttempt" SET "costNanos" = "costNanos" * 1000;

ALTER TABLE "RunBatch" RENAME COLUMN "costMicros" TO "costNanos";
ALTER TABLE "RunBatch" ALTER COLUMN "costNanos" SET DATA TYPE BIGINT;
UPDATE "RunBatch" SET "costNanos" = "costNanos" * 1000;

-- The run_counters function and trigger as that migration made them, with the cost in nano-dollars.
CREATE OR REPLACE FUNCTION "RunItem_run_counters"() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  UPDATE "Run" SET
    "pendingCount"     = "pendingCount"     + (NEW."status" = 'pending')::int      - (OLD."status" = 'pending')::int,
    "processingCount"  = "processingCount"  + (NEW."status" = 'processing')::int   - (OLD."status" = 'processing')::int,
    "completedCount"   = "completedCount"   + (NEW."status" = 'completed')::int    - (OLD."status" = 'completed')::int,
    "failedCount"      = "failedCount"      + (NEW."status" = 'failed')::int       - (OLD."status" = 'failed')::int,
    "needsReviewCount" = "needsReviewCount" + (NEW."status" = 'needs_review')::int - (OLD."status" = 'needs_review')::int,
    "skippedCount"     = "skippedCount"     + (NEW."status" = 'skipped')::int      - (OLD."status" = 'skipped')::int,
    "costNanos"        = "costNanos" + NEW."costNanos" - OLD."costNanos",
    "tokensIn"         = "tokensIn"   + NEW."tokensIn"   - OLD."tokensIn",
    "tokensOut"        = "tokensOut"  + NEW."tokensOut"  - OLD."tokensOut"
  WHERE "id" = NEW."runId";
  RETURN NULL;
END
$$;

CREATE TRIGGER "RunItem_run_counters" AFTER UPDATE OF "status", "costNanos", "tokensIn", "tokensOut" ON "RunItem"
FOR EACH ROW WHEN (OLD."status" IS DISTINCT FROM NEW."status" OR OLD."costNanos" <> NEW."costNanos"
  OR OLD."tokensIn" <> NEW."tokensIn" OR OLD."tokensOut" <> NEW."tokensOut")
EXECUTE FUNCTION "RunItem_run_counters"();
