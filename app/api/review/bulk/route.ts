// POST /api/review/bulk – the first name of POST /api/review/jobs: `{ runId, action }` (every item of
// one run in review) or any job body; 202 with the job, executed in the background.
export { POST } from "@/app/api/review/jobs/route";
