-- AlterTable
ALTER TABLE "Run" ADD COLUMN "labels" TEXT;
ALTER TABLE "Run" ADD COLUMN "maxTokens" INTEGER;
ALTER TABLE "Run" ADD COLUMN "outputTokensBasis" TEXT;
ALTER TABLE "Run" ADD COLUMN "outputTokensEstimate" INTEGER;

-- CreateTable
CREATE TABLE "RunDraft" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "datasetId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "values" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "RunDraft_datasetId_fkey" FOREIGN KEY ("datasetId") REFERENCES "Dataset" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "RunDraft_userId_fkey" FOREIGN KEY ("userId") REFERENCES "user" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "RunDraft_datasetId_userId_key" ON "RunDraft"("datasetId", "userId");
