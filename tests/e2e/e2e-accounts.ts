// Who the browser tests sign in as, and where the owner's session is kept between specs.
import path from "node:path";

export const SHOTS = path.resolve(process.cwd(), "test-output/screenshots");
export const OWNER_STATE = path.resolve(process.cwd(), "test-output/e2e-owner-state.json");

export const E2E_OWNER = { name: "Olivia Owner", email: "owner@example.com", password: "correct horse battery" };
export const E2E_REVIEWER = { name: "Rita Reviewer", email: "reviewer@example.com", password: "staple paper clip" };
