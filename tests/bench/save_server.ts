/**
 * The server side of the save benchmark, run as its own process (so it can be pinned to one
 * core): the real Guichet app and the bare save handler (`save_bare.ts`), each on a loopback
 * port, over the bench dossier (`save_fixture.ts`). Prints one JSON line `{ app, bare, token,
 * post }` — `post` is the body of a save, cut where wrk puts a value of its own each time —
 * then serves until its standard input closes.
 */
import { startSaveFixture } from "./save_fixture.ts";
import { bareSaveHandler } from "./save_bare.ts";
import { servedBy } from "../../core/http_body.ts";

const fixture = await startSaveFixture();
const bare = bareSaveHandler(`${fixture.t.dataDir}/guichet.sqlite`);
const serve = (handler: Deno.ServeHandler) =>
  Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, handler);
// As core/main.ts serves it.
const appServer = serve(servedBy(fixture.t.app.fetch));
const bareServer = serve(bare.handler);

console.log(JSON.stringify({
  app: appServer.addr.port,
  bare: bareServer.addr.port,
  token: fixture.cookie.slice("guichet_session=".length),
  post: { prefix: `{"id":${fixture.id},"values":{"c0":"`, suffix: `"}}` },
}));

for await (const _ of Deno.stdin.readable) {
  // The parent never writes; end of input means it is done (or gone).
}
await Promise.all([appServer.shutdown(), bareServer.shutdown()]);
bare.close();
await fixture.t.stop();
