/**
 * Another process appending to the audit log, for the concurrency test: `deno run -A
 * tests/helpers/audit_append_process.ts <sqlite file or postgres URL> <count> <label>`. It
 * records `count` failed sign-ins (one write transaction each) in the same database as the
 * test's instance, then prints `done`.
 */
import { connect, connectPostgres } from "../../core/db/mod.ts";
import { recordEventAlone } from "../../core/audit/service.ts";

const [path, count, label] = Deno.args;
const conn = path.startsWith("postgres") ? connectPostgres(path, 2) : connect(path);
const deps = { db: conn.db, clock: () => new Date() };
for (let i = 0; i < Number(count); i++) {
  await recordEventAlone(deps, {
    action: "connexion.echouee",
    actor: { userId: null, email: `${label}-${i}@ailleurs.test` },
    ip: "198.51.100.7",
    details: { raison: "mot_de_passe" },
  });
}
await conn.close();
console.log("done");
