/**
 * Micro-benchmark of the request path without the network: the same `Request` answered by
 * the bare handler and by Guichet's `app.fetch`, body read, in one process. Steadier than
 * wrk on a busy machine, and it isolates our code from the HTTP server's.
 */
import { bareHandler } from "./bare.ts";
import { compare, type MicroResult } from "./micro.ts";
import type { Fixture } from "./fixture.ts";

export async function benchHandler(
  fixture: Fixture,
  opts: { path: string; rounds: number; ms: number },
): Promise<MicroResult[]> {
  const bare = bareHandler(`${fixture.dataDir}/guichet.sqlite`);
  const url = `http://127.0.0.1:8000${opts.path}`;
  const init = { headers: { cookie: `guichet_session=${fixture.token}` } };
  const env = { remoteAddr: { hostname: "127.0.0.1", port: 1234, transport: "tcp" } };
  const app = fixture.instance.app;
  try {
    return await compare([
      { name: "bare handler", run: () => bare.handler(new Request(url, init)).text() },
      {
        name: "Guichet app.fetch",
        run: async () => (await app.fetch(new Request(url, init), env)).text(),
      },
    ], opts);
  } finally {
    bare.close();
  }
}
