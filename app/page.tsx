import { DatasetList } from "@/components/datasets/dataset-list";
import { DatasetUpload } from "@/components/datasets/dataset-upload";
import { PageHeader } from "@/components/page-header";

export default function DatasetsPage() {
  return (
    <div className="space-y-6">
      <PageHeader title="Datasets" description="Upload a CSV, write a prompt over its columns, check a sample, then run it all." />
      <div className="grid items-start gap-6 lg:grid-cols-[380px_minmax(0,1fr)]">
        <DatasetUpload />
        <DatasetList />
      </div>
    </div>
  );
}
