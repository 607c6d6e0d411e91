-- AlterTable
ALTER TABLE "Run" ADD COLUMN     "minInputChars" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN     "useCache" BOOLEAN NOT NULL DEFAULT true;

-- AlterTable
ALTER TABLE "RunItem" ADD COLUMN     "cacheKey" TEXT;

-- CreateIndex
CREATE INDEX "RunItem_cacheKey_status_idx" ON "RunItem"("cacheKey", "status");
