// Sent with every model call and stored as the attempt's id, so a request the endpoint saw can be
// matched to its record (the concurrency soak test does exactly that). No imports: test servers use it.
import "server-only";
export const ATTEMPT_HEADER = "x-batchwise-attempt";
