-- CreateTable
CREATE TABLE "Provider" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "baseUrl" TEXT NOT NULL,
    "apiKeyCipher" TEXT,
    "apiKeyLast4" TEXT,
    "rpmLimit" INTEGER,
    "tpmLimit" INTEGER,
    "batchApi" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ProviderModelPrice" (
    "providerId" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "input" REAL NOT NULL,
    "cachedInput" REAL NOT NULL,
    "output" REAL NOT NULL,
    "batchDiscount" REAL NOT NULL DEFAULT 0.5,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("providerId", "model")
);

-- Written by hand in place of the generated RedefineTables: the new Run columns are added in place
-- (ALTER TABLE ADD COLUMN), so runs keep their rows and the RunItem trigger stays as it is.
ALTER TABLE "Run" ADD COLUMN "providerId" TEXT;
ALTER TABLE "Run" ADD COLUMN "price" TEXT;
ALTER TABLE "Run" ADD COLUMN "priceUnknown" BOOLEAN NOT NULL DEFAULT false;
CREATE INDEX "Run_providerId_idx" ON "Run"("providerId");

-- CreateIndex
CREATE UNIQUE INDEX "Provider_name_key" ON "Provider"("name");
