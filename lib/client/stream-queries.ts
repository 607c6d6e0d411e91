// TanStack Query hooks for streams. A stream stands, so its views poll while it is not archived.
import { useQuery } from "@tanstack/react-query";
import { fetchStream, fetchStreamDeliveries, fetchStreamStats, fetchStreams } from "@/lib/client/api-client";
import { LIVE_POLL_MS } from "@/lib/client/queries";
import type { StreamSummary } from "@/lib/shared/api-types";

/** The stream's figures read over 30 minutes: a slower poll than its counts is enough. */
const STATS_POLL_MS = 2_000;

export const streamKeys = {
  streams: ["streams"] as const,
  stream: (id: string) => ["streams", id] as const,
  stats: (id: string) => ["streams", id, "stats"] as const,
  deliveries: (id: string) => ["streams", id, "deliveries"] as const,
};

const live = (stream: StreamSummary | undefined) => stream?.status !== "archived";

export function useStreams() {
  return useQuery({ queryKey: streamKeys.streams, queryFn: fetchStreams, refetchInterval: LIVE_POLL_MS * 2 });
}

export function useStream(id: string) {
  return useQuery({ queryKey: streamKeys.stream(id), queryFn: () => fetchStream(id), refetchInterval: (query) => (live(query.state.data) ? LIVE_POLL_MS : false) });
}

export function useStreamStats(id: string, active: boolean) {
  return useQuery({ queryKey: streamKeys.stats(id), queryFn: () => fetchStreamStats(id), refetchInterval: active ? STATS_POLL_MS : false });
}

export function useStreamDeliveries(id: string, enabled: boolean, active: boolean) {
  return useQuery({ queryKey: streamKeys.deliveries(id), queryFn: () => fetchStreamDeliveries(id), enabled, refetchInterval: active ? STATS_POLL_MS : false });
}
