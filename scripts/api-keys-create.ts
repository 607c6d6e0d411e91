// npm run -s api-keys:create -- --email E --name N
// Creates an API key for that user and prints it alone on the last line (shown once: only its hash is kept).
import { parseArgs } from "node:util";
import { createApiKeyFor } from "../lib/server/auth/users";
import { runCli } from "./cli-errors";

void runCli(async () => {
  const { values } = parseArgs({ options: { email: { type: "string" }, name: { type: "string" } }, strict: true });
  const created = await createApiKeyFor({ email: values.email ?? "", name: values.name ?? "" });
  console.log(`API key "${created.name}" created; it is shown only now:`);
  console.log(created.key);
});
