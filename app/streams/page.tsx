import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { NewStreamForm } from "@/components/streams/new-stream-form";
import { StreamsList } from "@/components/streams/streams-list";

export const metadata: Metadata = { title: "Streams" };

export default function StreamsPage() {
  return (
    <div className="space-y-6">
      <PageHeader title="Streams" description="Standing jobs for items that arrive continuously: support tickets, leads, chat messages. Each result comes back by API or webhook." />
      <StreamsList />
      <NewStreamForm />
    </div>
  );
}
