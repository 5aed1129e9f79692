/**
 * The autosave over HTTP: `POST /trpc/usager.save` of one champ by the owner of a 30-champ
 * brouillon, through the real Guichet app, against the bare handler of `save_bare.ts` doing
 * the same SQL by hand; wrk sends a new value with every request. Same method as the
 * `auth.session` case (rounds interleaved, server and wrk pinned to their own cores). Each
 * concurrency is measured twice: as wrk sends by default (no `Accept-Encoding`), and with the
 * `Accept-Encoding` a browser sends, which every real autosave carries; the bare handler then
 * answers as Guichet must (`Vary: Accept-Encoding`, compressed from 1 KB).
 */
import { wrk } from "./wrk.ts";
import { startServerProcess } from "./server_process.ts";
import { runRounds } from "./rounds.ts";
import type { RatioRow } from "./ratio_table.ts";

/** Issue 13: Guichet keeps at least this share of the bare handler's saves per second. */
export const SAVE_TARGET = 0.7;

/** What Chromium sends with every request. */
const BROWSER_ENCODINGS = "Accept-Encoding: gzip, deflate, br, zstd";

/** Runs the save case at each concurrency; throws when Guichet and the bare handler disagree. */
export async function benchSaveHttp(
  opts: { rounds: number; seconds: number; concurrencies: readonly number[]; pin: boolean },
): Promise<RatioRow[]> {
  const wrkCpu = opts.pin ? 1 : undefined;
  const server = await startServerProcess("/trpc/usager.save", {
    cpu: opts.pin ? 0 : undefined,
    script: new URL("./save_server.ts", import.meta.url).pathname,
  });
  try {
    const post = server.post!;
    // The same value saved through both: the second save changes nothing, so both answer
    // the values, revisions and errors as stored.
    const answers = [];
    for (const url of [server.urls.guichet, server.urls.bare]) {
      const res = await fetch(url, {
        method: "POST",
        headers: { cookie: server.cookie, "content-type": "application/json" },
        body: `${post.prefix}même valeur${post.suffix}`,
      });
      answers.push(`${res.status} ${await res.text()}`);
    }
    if (answers[0] !== answers[1] || !answers[0].startsWith('200 {"result":{"data":{')) {
      throw new Error(`Guichet and the bare save disagree:\n  ${answers.join("\n  ")}`);
    }
    for (const url of Object.values(server.urls)) {
      await wrk(url, { cookie: server.cookie, post, connections: 16, seconds: 1, cpu: wrkCpu });
    }
    const rows: RatioRow[] = [];
    for (const connections of opts.concurrencies) {
      rows.push({
        name: "usager.save",
        connections,
        target: SAVE_TARGET,
        rounds: await runRounds(server, { ...opts, connections, wrkCpu }),
      });
      rows.push({
        name: "usager.save, navigateur",
        connections,
        target: SAVE_TARGET,
        rounds: await runRounds(server, {
          ...opts,
          connections,
          wrkCpu,
          headers: [BROWSER_ENCODINGS],
        }),
      });
    }
    return rows;
  } finally {
    await server.stop();
  }
}
