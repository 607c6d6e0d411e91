-- AlterTable
ALTER TABLE "Run" ADD COLUMN     "batchApiRetries" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "mode" TEXT NOT NULL DEFAULT 'sync';

-- CreateTable
CREATE TABLE "RemoteBatch" (
    "id" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "pass" INTEGER NOT NULL,
    "number" INTEGER NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'planned',
    "requestCount" INTEGER NOT NULL,
    "completedCount" INTEGER NOT NULL DEFAULT 0,
    "failedCount" INTEGER NOT NULL DEFAULT 0,
    "inputFileId" TEXT,
    "batchId" TEXT,
    "outputFileId" TEXT,
    "errorFileId" TEXT,
    "costNanos" BIGINT NOT NULL DEFAULT 0,
    "syncCostNanos" BIGINT NOT NULL DEFAULT 0,
    "answered" INTEGER NOT NULL DEFAULT 0,
    "errored" INTEGER NOT NULL DEFAULT 0,
    "unattempted" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "submittedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "settledAt" TIMESTAMP(3),

    CONSTRAINT "RemoteBatch_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SimulatorFile" (
    "id" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "filename" TEXT NOT NULL,
    "bytes" INTEGER NOT NULL,
    "content" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SimulatorFile_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SimulatorBatch" (
    "id" TEXT NOT NULL,
    "inputFileId" TEXT NOT NULL,
    "endpoint" TEXT NOT NULL,
    "completionWindow" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "metadata" TEXT,
    "total" INTEGER NOT NULL DEFAULT 0,
    "completed" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "outputFileId" TEXT,
    "errorFileId" TEXT,
    "completesAt" TIMESTAMP(3) NOT NULL,
    "errorRate" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "expires" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),
    "cancelledAt" TIMESTAMP(3),

    CONSTRAINT "SimulatorBatch_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "RemoteBatch_runId_pass_number_key" ON "RemoteBatch"("runId", "pass", "number");

-- AddForeignKey
ALTER TABLE "RemoteBatch" ADD CONSTRAINT "RemoteBatch_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;
