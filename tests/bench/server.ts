/**
 * The server side of the benchmark, run as its own process (so it can be pinned to one
 * core): the real Guichet app and the bare handler, each on a loopback port. Prints one JSON
 * line `{ app, bare, token }`, then serves until its standard input closes.
 */
import { startFixture } from "./fixture.ts";
import { bareHandler } from "./bare.ts";
import { servedBy } from "../../core/http_body.ts";

const fixture = await startFixture();
const bare = bareHandler(`${fixture.dataDir}/guichet.sqlite`);
const serve = (handler: Deno.ServeHandler) =>
  Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, handler);
// As core/main.ts serves it.
const appServer = serve(servedBy(fixture.instance.app.fetch));
const bareServer = serve(bare.handler);

console.log(JSON.stringify({
  app: appServer.addr.port,
  bare: bareServer.addr.port,
  token: fixture.token,
}));

for await (const _ of Deno.stdin.readable) {
  // The parent never writes; end of input means it is done (or gone).
}
await Promise.all([appServer.shutdown(), bareServer.shutdown()]);
bare.close();
await fixture.stop();
