// The owner every spawned test app has (tests/support/seed-owner.ts makes it).
export const TEST_OWNER_EMAIL = "owner@test.batchwise.local";
export const TEST_OWNER_PASSWORD = "test-owner-password";
