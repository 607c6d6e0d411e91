-- AlterTable
ALTER TABLE "Run" ADD COLUMN     "completedCount" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "costMicros" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "failedCount" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "idempotencyKey" TEXT,
ADD COLUMN     "leaseExpiresAt" TIMESTAMP(3),
ADD COLUMN     "leaseOwner" TEXT,
ADD COLUMN     "needsReviewCount" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "pendingCount" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "processingCount" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "requestHash" TEXT,
ADD COLUMN     "skippedCount" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "tokensIn" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "tokensOut" BIGINT NOT NULL DEFAULT 0,
ALTER COLUMN "budgetMicros" SET DATA TYPE BIGINT;

-- AlterTable
ALTER TABLE "RunItem" ADD COLUMN     "claim" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "Run_idempotencyKey_key" ON "Run"("idempotencyKey");

-- CreateIndex
CREATE INDEX "RunItem_runId_rowIndex_idx" ON "RunItem"("runId", "rowIndex");

-- Written by hand below this line (Prisma schema has no triggers, and its diff ignores them).
-- Counters for runs created before this migration.
UPDATE "Run" r SET
  "pendingCount"     = c.pending,
  "processingCount"  = c.processing,
  "completedCount"   = c.completed,
  "failedCount"      = c.failed,
  "needsReviewCount" = c.needs_review,
  "skippedCount"     = c.skipped,
  "costMicros"       = c.cost,
  "tokensIn"         = c.tokens_in,
  "tokensOut"        = c.tokens_out
FROM (
  SELECT "runId",
    count(*) FILTER (WHERE "status" = 'pending') AS pending,
    count(*) FILTER (WHERE "status" = 'processing') AS processing,
    count(*) FILTER (WHERE "status" = 'completed') AS completed,
    count(*) FILTER (WHERE "status" = 'failed') AS failed,
    count(*) FILTER (WHERE "status" = 'needs_review') AS needs_review,
    count(*) FILTER (WHERE "status" = 'skipped') AS skipped,
    coalesce(sum("costMicros"), 0) AS cost,
    coalesce(sum("tokensIn"), 0) AS tokens_in,
    coalesce(sum("tokensOut"), 0) AS tokens_out
  FROM "RunItem" GROUP BY "runId"
) c
WHERE c."runId" = r."id";

-- Every change of the status or cost of an item moves the counters of its run in the same transaction.
-- SET search_path FROM CURRENT: the function finds "Run" in the schema it was migrated into,
-- whatever search_path the app connection uses.
CREATE FUNCTION "RunItem_run_counters"() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  UPDATE "Run" SET
    "pendingCount"     = "pendingCount"     + (NEW."status" = 'pending')::int      - (OLD."status" = 'pending')::int,
    "processingCount"  = "processingCount"  + (NEW."status" = 'processing')::int   - (OLD."status" = 'processing')::int,
    "completedCount"   = "completedCount"   + (NEW."status" = 'completed')::int    - (OLD."status" = 'completed')::int,
    "failedCount"      = "failedCount"      + (NEW."status" = 'failed')::int       - (OLD."status" = 'failed')::int,
    "needsReviewCount" = "needsReviewCount" + (NEW."status" = 'needs_review')::int - (OLD."status" = 'needs_review')::int,
    "skippedCount"     = "skippedCount"     + (NEW."status" = 'skipped')::int      - (OLD."status" = 'skipped')::int,
    "costMicros"       = "costMicros" + NEW."costMicros" - OLD."costMicros",
    "tokensIn"         = "tokensIn"   + NEW."tokensIn"   - OLD."tokensIn",
    "tokensOut"        = "tokensOut"  + NEW."tokensOut"  - OLD."tokensOut"
  WHERE "id" = NEW."runId";
  RETURN NULL;
END
$$;

CREATE TRIGGER "RunItem_run_counters" AFTER UPDATE OF "status", "costMicros", "tokensIn", "tokensOut" ON "RunItem"
FOR EACH ROW WHEN (OLD."status" IS DISTINCT FROM NEW."status" OR OLD."costMicros" <> NEW."costMicros"
  OR OLD."tokensIn" <> NEW."tokensIn" OR OLD."tokensOut" <> NEW."tokensOut")
EXECUTE FUNCTION "RunItem_run_counters"();
