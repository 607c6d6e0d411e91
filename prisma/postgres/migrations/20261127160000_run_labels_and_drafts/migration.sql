-- AlterTable
ALTER TABLE "Run" ADD COLUMN     "labels" TEXT,
ADD COLUMN     "maxTokens" INTEGER,
ADD COLUMN     "outputTokensBasis" TEXT,
ADD COLUMN     "outputTokensEstimate" INTEGER;

-- CreateTable
CREATE TABLE "RunDraft" (
    "id" TEXT NOT NULL,
    "datasetId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "values" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RunDraft_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "RunDraft_datasetId_userId_key" ON "RunDraft"("datasetId", "userId");

-- AddForeignKey
ALTER TABLE "RunDraft" ADD CONSTRAINT "RunDraft_datasetId_fkey" FOREIGN KEY ("datasetId") REFERENCES "Dataset"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RunDraft" ADD CONSTRAINT "RunDraft_userId_fkey" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;
