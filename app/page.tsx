import { DatasetList } from "@/components/datasets/dataset-list";
import { DatasetUpload } from "@/components/datasets/dataset-upload";
import { PageHeader } from "@/components/page-header";
import { OperatorOnly } from "@/components/auth/operator-only";
import { ReadOnlyNote } from "@/components/auth/read-only-note";

export default function DatasetsPage() {
  return (
    <div className="space-y-6">
      <PageHeader title="Datasets" description="Upload a CSV, write a prompt over its columns, check a sample, then run it all." />
      <div className="grid grid-cols-1 items-start gap-6 lg:grid-cols-[380px_minmax(0,1fr)]">
        <OperatorOnly fallback={<ReadOnlyNote title="Browsing as a reviewer" description="Operators upload datasets and launch runs; you can read them and settle items in the review queue." />}>
          <DatasetUpload />
        </OperatorOnly>
        <DatasetList />
      </div>
    </div>
  );
}
