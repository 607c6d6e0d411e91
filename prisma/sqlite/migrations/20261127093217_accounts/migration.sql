-- Written by hand: the run_counters trigger on "RunItem" names "Run", which RedefineTables below drops
-- and renames; SQLite refuses that while the trigger exists. It is recreated at the end.
DROP TRIGGER IF EXISTS "RunItem_run_counters";

-- CreateTable
CREATE TABLE "user" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "emailVerified" BOOLEAN NOT NULL DEFAULT false,
    "image" TEXT,
    "role" TEXT,
    "banned" BOOLEAN DEFAULT false,
    "banReason" TEXT,
    "banExpires" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "session" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "expiresAt" DATETIME NOT NULL,
    "token" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "ipAddress" TEXT,
    "userAgent" TEXT,
    "userId" TEXT NOT NULL,
    "impersonatedBy" TEXT,
    CONSTRAINT "session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "user" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "account" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "accountId" TEXT NOT NULL,
    "providerId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "accessToken" TEXT,
    "refreshToken" TEXT,
    "idToken" TEXT,
    "accessTokenExpiresAt" DATETIME,
    "refreshTokenExpiresAt" DATETIME,
    "scope" TEXT,
    "password" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "account_userId_fkey" FOREIGN KEY ("userId") REFERENCES "user" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "verification" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "identifier" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "apikey" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "configId" TEXT NOT NULL DEFAULT 'default',
    "name" TEXT,
    "start" TEXT,
    "referenceId" TEXT NOT NULL,
    "prefix" TEXT,
    "key" TEXT NOT NULL,
    "refillInterval" INTEGER,
    "refillAmount" INTEGER,
    "lastRefillAt" DATETIME,
    "enabled" BOOLEAN DEFAULT true,
    "rateLimitEnabled" BOOLEAN DEFAULT true,
    "rateLimitTimeWindow" INTEGER,
    "rateLimitMax" INTEGER,
    "requestCount" INTEGER DEFAULT 0,
    "remaining" INTEGER,
    "lastRequest" DATETIME,
    "expiresAt" DATETIME,
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    "permissions" TEXT,
    "metadata" TEXT,
    CONSTRAINT "apikey_referenceId_fkey" FOREIGN KEY ("referenceId") REFERENCES "user" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Dataset" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "columns" TEXT NOT NULL,
    "rowCount" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdById" TEXT,
    CONSTRAINT "Dataset_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "user" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Dataset" ("columns", "createdAt", "id", "name", "rowCount") SELECT "columns", "createdAt", "id", "name", "rowCount" FROM "Dataset";
DROP TABLE "Dataset";
ALTER TABLE "new_Dataset" RENAME TO "Dataset";
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
    "budgetMicros" BIGINT,
    "sampleSize" INTEGER,
    "minInputChars" INTEGER NOT NULL DEFAULT 1,
    "useCache" BOOLEAN NOT NULL DEFAULT true,
    "sourceRunId" TEXT,
    "totalItems" INTEGER NOT NULL,
    "totalBatches" INTEGER NOT NULL,
    "report" TEXT,
    "pendingCount" INTEGER NOT NULL DEFAULT 0,
    "processingCount" INTEGER NOT NULL DEFAULT 0,
    "completedCount" INTEGER NOT NULL DEFAULT 0,
    "failedCount" INTEGER NOT NULL DEFAULT 0,
    "needsReviewCount" INTEGER NOT NULL DEFAULT 0,
    "skippedCount" INTEGER NOT NULL DEFAULT 0,
    "costMicros" BIGINT NOT NULL DEFAULT 0,
    "tokensIn" BIGINT NOT NULL DEFAULT 0,
    "tokensOut" BIGINT NOT NULL DEFAULT 0,
    "leaseOwner" TEXT,
    "leaseExpiresAt" DATETIME,
    "idempotencyKey" TEXT,
    "requestHash" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" DATETIME,
    "finishedAt" DATETIME,
    "createdById" TEXT,
    CONSTRAINT "Run_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "user" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Run_datasetId_fkey" FOREIGN KEY ("datasetId") REFERENCES "Dataset" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Run" ("batchSize", "budgetMicros", "completedCount", "concurrency", "costMicros", "createdAt", "datasetId", "delayMs", "errorThreshold", "executor", "failedCount", "finishedAt", "id", "idempotencyKey", "kind", "leaseExpiresAt", "leaseOwner", "maxRetries", "minInputChars", "model", "needsReviewCount", "outputSchema", "pauseReason", "pendingCount", "priority", "processingCount", "promptTemplate", "report", "requestHash", "sampleSize", "skippedCount", "sourceRunId", "startedAt", "status", "systemPrompt", "tokensIn", "tokensOut", "totalBatches", "totalItems", "useCache") SELECT "batchSize", "budgetMicros", "completedCount", "concurrency", "costMicros", "createdAt", "datasetId", "delayMs", "errorThreshold", "executor", "failedCount", "finishedAt", "id", "idempotencyKey", "kind", "leaseExpiresAt", "leaseOwner", "maxRetries", "minInputChars", "model", "needsReviewCount", "outputSchema", "pauseReason", "pendingCount", "priority", "processingCount", "promptTemplate", "report", "requestHash", "sampleSize", "skippedCount", "sourceRunId", "startedAt", "status", "systemPrompt", "tokensIn", "tokensOut", "totalBatches", "totalItems", "useCache" FROM "Run";
DROP TABLE "Run";
ALTER TABLE "new_Run" RENAME TO "Run";
CREATE UNIQUE INDEX "Run_idempotencyKey_key" ON "Run"("idempotencyKey");
CREATE INDEX "Run_status_priority_idx" ON "Run"("status", "priority");
CREATE TABLE "new_RunItem" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "runId" TEXT NOT NULL,
    "rowIndex" INTEGER NOT NULL,
    "input" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "output" TEXT,
    "errorKind" TEXT,
    "errorMessage" TEXT,
    "skipReason" TEXT,
    "cacheKey" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "tokensIn" INTEGER NOT NULL DEFAULT 0,
    "tokensOut" INTEGER NOT NULL DEFAULT 0,
    "costMicros" INTEGER NOT NULL DEFAULT 0,
    "latencyMs" INTEGER,
    "batchNumber" INTEGER NOT NULL,
    "claim" TEXT,
    "reviewAction" TEXT,
    "reviewedAt" DATETIME,
    "reviewedById" TEXT,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "RunItem_reviewedById_fkey" FOREIGN KEY ("reviewedById") REFERENCES "user" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "RunItem_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_RunItem" ("attempts", "batchNumber", "cacheKey", "claim", "costMicros", "errorKind", "errorMessage", "id", "input", "latencyMs", "output", "reviewAction", "reviewedAt", "rowIndex", "runId", "skipReason", "status", "tokensIn", "tokensOut", "updatedAt") SELECT "attempts", "batchNumber", "cacheKey", "claim", "costMicros", "errorKind", "errorMessage", "id", "input", "latencyMs", "output", "reviewAction", "reviewedAt", "rowIndex", "runId", "skipReason", "status", "tokensIn", "tokensOut", "updatedAt" FROM "RunItem";
DROP TABLE "RunItem";
ALTER TABLE "new_RunItem" RENAME TO "RunItem";
CREATE INDEX "RunItem_runId_status_idx" ON "RunItem"("runId", "status");
CREATE INDEX "RunItem_runId_batchNumber_idx" ON "RunItem"("runId", "batchNumber");
CREATE INDEX "RunItem_runId_rowIndex_idx" ON "RunItem"("runId", "rowIndex");
CREATE INDEX "RunItem_status_idx" ON "RunItem"("status");
CREATE INDEX "RunItem_cacheKey_status_idx" ON "RunItem"("cacheKey", "status");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "user_email_key" ON "user"("email");

-- CreateIndex
CREATE UNIQUE INDEX "session_token_key" ON "session"("token");

-- CreateIndex
CREATE INDEX "session_userId_idx" ON "session"("userId");

-- CreateIndex
CREATE INDEX "account_userId_idx" ON "account"("userId");

-- CreateIndex
CREATE INDEX "verification_identifier_idx" ON "verification"("identifier");

-- CreateIndex
CREATE INDEX "apikey_configId_idx" ON "apikey"("configId");

-- CreateIndex
CREATE INDEX "apikey_referenceId_idx" ON "apikey"("referenceId");

-- CreateIndex
CREATE INDEX "apikey_key_idx" ON "apikey"("key");

-- Written by hand below this line: RedefineTables above rebuilt "RunItem", which dropped the
-- run_counters trigger (Prisma diff does not see triggers); recreated exactly as that migration made it.
CREATE TRIGGER "RunItem_run_counters" AFTER UPDATE OF "status", "costMicros", "tokensIn", "tokensOut" ON "RunItem"
FOR EACH ROW WHEN OLD."status" IS NOT NEW."status" OR OLD."costMicros" != NEW."costMicros"
  OR OLD."tokensIn" != NEW."tokensIn" OR OLD."tokensOut" != NEW."tokensOut"
BEGIN
  UPDATE "Run" SET
    "pendingCount"     = "pendingCount"     + (NEW."status" = 'pending')      - (OLD."status" = 'pending'),
    "processingCount"  = "processingCount"  + (NEW."status" = 'processing')   - (OLD."status" = 'processing'),
    "completedCount"   = "completedCount"   + (NEW."status" = 'completed')    - (OLD."status" = 'completed'),
    "failedCount"      = "failedCount"      + (NEW."status" = 'failed')       - (OLD."status" = 'failed'),
    "needsReviewCount" = "needsReviewCount" + (NEW."status" = 'needs_review') - (OLD."status" = 'needs_review'),
    "skippedCount"     = "skippedCount"     + (NEW."status" = 'skipped')      - (OLD."status" = 'skipped'),
    "costMicros"       = "costMicros" + NEW."costMicros" - OLD."costMicros",
    "tokensIn"         = "tokensIn"   + NEW."tokensIn"   - OLD."tokensIn",
    "tokensOut"        = "tokensOut"  + NEW."tokensOut"  - OLD."tokensOut"
  WHERE "id" = NEW."runId";
END;
