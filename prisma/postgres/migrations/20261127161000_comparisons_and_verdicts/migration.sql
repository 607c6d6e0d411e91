-- CreateTable
CREATE TABLE "Comparison" (
    "id" TEXT NOT NULL,
    "datasetId" TEXT NOT NULL,
    "sampleRows" TEXT NOT NULL,
    "sampleSeed" INTEGER,
    "referenceIndex" INTEGER NOT NULL DEFAULT 0,
    "gateMetric" TEXT NOT NULL,
    "gateMin" DOUBLE PRECISION NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdById" TEXT,

    CONSTRAINT "Comparison_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ComparisonVariant" (
    "comparisonId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "runId" TEXT NOT NULL,
    "labels" TEXT,
    "fullRunItems" INTEGER NOT NULL,

    CONSTRAINT "ComparisonVariant_pkey" PRIMARY KEY ("comparisonId","position")
);

-- CreateTable
CREATE TABLE "ItemVerdict" (
    "itemId" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "verdict" TEXT NOT NULL,
    "note" TEXT,
    "judgedById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ItemVerdict_pkey" PRIMARY KEY ("itemId")
);

-- CreateIndex
CREATE INDEX "Comparison_datasetId_createdAt_idx" ON "Comparison"("datasetId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "ComparisonVariant_runId_key" ON "ComparisonVariant"("runId");

-- CreateIndex
CREATE INDEX "ItemVerdict_runId_idx" ON "ItemVerdict"("runId");

-- AddForeignKey
ALTER TABLE "Comparison" ADD CONSTRAINT "Comparison_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Comparison" ADD CONSTRAINT "Comparison_datasetId_fkey" FOREIGN KEY ("datasetId") REFERENCES "Dataset"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ComparisonVariant" ADD CONSTRAINT "ComparisonVariant_comparisonId_fkey" FOREIGN KEY ("comparisonId") REFERENCES "Comparison"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ComparisonVariant" ADD CONSTRAINT "ComparisonVariant_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ItemVerdict" ADD CONSTRAINT "ItemVerdict_judgedById_fkey" FOREIGN KEY ("judgedById") REFERENCES "user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ItemVerdict" ADD CONSTRAINT "ItemVerdict_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "RunItem"("id") ON DELETE CASCADE ON UPDATE CASCADE;
