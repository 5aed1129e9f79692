/**
 * The server side of the dashboard benchmark, its own process (pinned by the parent): the
 * real Guichet on the generated instance and the bare handler, each on a loopback port, and
 * a fresh session of the bench instructeur. Prints one JSON line `{ app, bare, token }`,
 * then serves until its standard input closes. A third argument, a PostgreSQL URL, serves
 * the instance from there (`--postgres`), beside the bare handler of `dashboard_bare_pg.ts`.
 * `--multi=<token>`: the other instructeur (MULTI_INSTRUCTEUR) joins every groupe of the big
 * démarche (once, kept in the cached data) and gets a session of that token.
 */
import { createHash } from "node:crypto";
import { loadConfig } from "../../core/config.ts";
import { createInstance } from "../../core/main.ts";
import { dashboardBareHandler } from "./dashboard_bare.ts";
import { dashboardBarePgHandler } from "./dashboard_bare_pg.ts";
import { MULTI_INSTRUCTEUR } from "./dashboard_data.ts";
import { servedBy } from "../../core/http_body.ts";

const [dataDir, email, databaseUrl] = Deno.args.filter((a) => !a.startsWith("--"));
const multiToken = Deno.args.find((a) => a.startsWith("--multi="))?.slice("--multi=".length);
const instance = await createInstance(
  loadConfig({
    DATA_DIR: dataDir,
    BASE_URL: "http://127.0.0.1:8000",
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  }),
  { startWorker: false, serveUi: false, log: () => {} },
);
const db = instance.deps.db;
const now = new Date();
async function session(email: string, token: string) {
  const user = await db.selectFrom("users").select("id").where("email", "=", email)
    .executeTakeFirstOrThrow();
  await db.insertInto("sessions").values({
    id: createHash("sha256").update(token).digest("hex"),
    user_id: user.id,
    created_at: now.toISOString(),
    last_seen_at: now.toISOString(),
    expires_at: new Date(now.getTime() + 86_400_000).toISOString(),
  }).execute();
  return user.id;
}
const token = crypto.randomUUID().replaceAll("-", "");
await session(email, token);
if (multiToken) {
  const userId = await session(MULTI_INSTRUCTEUR, multiToken);
  // Every groupe of the démarche where the bench instructeur works (the big one).
  const groupes = await db.selectFrom("groupes_instructeurs as g")
    .innerJoin("groupes_instructeurs as mine", "mine.demarche_id", "g.demarche_id")
    .innerJoin("groupe_membres as m", "m.groupe_id", "mine.id")
    .innerJoin("users as u", "u.id", "m.user_id")
    .where("u.email", "=", email).select("g.id").distinct().execute();
  await db.insertInto("groupe_membres")
    .values(
      groupes.map((g) => ({ groupe_id: g.id, user_id: userId, created_at: now.toISOString() })),
    )
    .onConflict((oc) => oc.columns(["groupe_id", "user_id"]).doNothing()).execute();
}
const bare = databaseUrl
  ? dashboardBarePgHandler(databaseUrl)
  : dashboardBareHandler(`${dataDir}/guichet.sqlite`);
const serve = (handler: Deno.ServeHandler) =>
  Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, handler);
// As core/main.ts serves it.
const appServer = serve(servedBy(instance.app.fetch));
const bareServer = serve(bare.handler);

console.log(JSON.stringify({ app: appServer.addr.port, bare: bareServer.addr.port, token }));

for await (const _ of Deno.stdin.readable) {
  // The parent never writes; end of input means it is done (or gone).
}
await Promise.all([appServer.shutdown(), bareServer.shutdown()]);
await bare.close();
await instance.close();
