/**
 * The server side of the dashboard benchmark, its own process (pinned by the parent): the
 * real Guichet on the generated instance and the bare handler, each on a loopback port, and
 * a fresh session of the bench instructeur. Prints one JSON line `{ app, bare, token }`,
 * then serves until its standard input closes. A third argument, a PostgreSQL URL, serves
 * the instance from there (`--postgres`), beside the bare handler of `dashboard_bare_pg.ts`.
 */
import { createHash } from "node:crypto";
import { loadConfig } from "../../core/config.ts";
import { createInstance } from "../../core/main.ts";
import { dashboardBareHandler } from "./dashboard_bare.ts";
import { dashboardBarePgHandler } from "./dashboard_bare_pg.ts";

const [dataDir, email, databaseUrl] = Deno.args;
const instance = await createInstance(
  loadConfig({
    DATA_DIR: dataDir,
    BASE_URL: "http://127.0.0.1:8000",
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  }),
  { startWorker: false, serveUi: false, log: () => {} },
);
const token = crypto.randomUUID().replaceAll("-", "");
const user = await instance.deps.db.selectFrom("users").select("id")
  .where("email", "=", email).executeTakeFirstOrThrow();
const now = new Date();
await instance.deps.db.insertInto("sessions").values({
  id: createHash("sha256").update(token).digest("hex"),
  user_id: user.id,
  created_at: now.toISOString(),
  last_seen_at: now.toISOString(),
  expires_at: new Date(now.getTime() + 86_400_000).toISOString(),
}).execute();
const bare = databaseUrl
  ? dashboardBarePgHandler(databaseUrl)
  : dashboardBareHandler(`${dataDir}/guichet.sqlite`);
const serve = (handler: Deno.ServeHandler) =>
  Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, handler);
const appServer = serve(instance.app.fetch);
const bareServer = serve(bare.handler);

console.log(JSON.stringify({ app: appServer.addr.port, bare: bareServer.addr.port, token }));

for await (const _ of Deno.stdin.readable) {
  // The parent never writes; end of input means it is done (or gone).
}
await Promise.all([appServer.shutdown(), bareServer.shutdown()]);
await bare.close();
await instance.close();
