-- CreateTable
CREATE TABLE "Comparison" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "datasetId" TEXT NOT NULL,
    "sampleRows" TEXT NOT NULL,
    "sampleSeed" INTEGER,
    "referenceIndex" INTEGER NOT NULL DEFAULT 0,
    "gateMetric" TEXT NOT NULL,
    "gateMin" REAL NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdById" TEXT,
    CONSTRAINT "Comparison_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "user" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Comparison_datasetId_fkey" FOREIGN KEY ("datasetId") REFERENCES "Dataset" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ComparisonVariant" (
    "comparisonId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "runId" TEXT NOT NULL,
    "labels" TEXT,
    "fullRunItems" INTEGER NOT NULL,

    PRIMARY KEY ("comparisonId", "position"),
    CONSTRAINT "ComparisonVariant_comparisonId_fkey" FOREIGN KEY ("comparisonId") REFERENCES "Comparison" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ComparisonVariant_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ItemVerdict" (
    "itemId" TEXT NOT NULL PRIMARY KEY,
    "runId" TEXT NOT NULL,
    "verdict" TEXT NOT NULL,
    "note" TEXT,
    "judgedById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "ItemVerdict_judgedById_fkey" FOREIGN KEY ("judgedById") REFERENCES "user" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "ItemVerdict_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "RunItem" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "Comparison_datasetId_createdAt_idx" ON "Comparison"("datasetId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "ComparisonVariant_runId_key" ON "ComparisonVariant"("runId");

-- CreateIndex
CREATE INDEX "ItemVerdict_runId_idx" ON "ItemVerdict"("runId");
