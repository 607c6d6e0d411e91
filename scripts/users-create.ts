// npm run -s users:create -- --email E --password P --role owner|operator|reviewer [--name N]
// Creates a user in DATABASE_URL's database: the way to set Batchwise up without a browser.
import { parseArgs } from "node:util";
import { createUser } from "../lib/server/auth/users";
import { runCli } from "./cli-errors";

void runCli(async () => {
  const { values } = parseArgs({
    options: { email: { type: "string" }, password: { type: "string" }, role: { type: "string" }, name: { type: "string" } },
    strict: true,
  });
  const user = await createUser({ email: values.email ?? "", password: values.password ?? "", role: values.role, name: values.name });
  console.log(`Created ${user.role} ${user.email} (${user.id}).`);
});
