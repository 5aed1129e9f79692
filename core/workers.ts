/**
 * Several server processes on one port (`WORKERS=n`, PostgreSQL only). The supervisor starts
 * n children of the same entry, each listening on the port with `SO_REUSEPORT` (Linux), so the
 * kernel spreads the connections among them; what they share lives in the database (sessions,
 * rate limits, the job queue, the daily passes' claims, the counters). The first child starts
 * alone (it migrates the database and makes the installation link), then the others. A child
 * that dies is started again; SIGTERM or SIGINT to the supervisor stops them all.
 */

/** Set in a child's environment to its number (1…n): it serves, it does not supervise. */
export const WORKER_ENV = "GUICHET_WORKER";
/** The line a child prints once it listens (core/main.ts), which the supervisor waits for. */
export const READY_LINE = "Guichet est prêt";

export interface Supervisor {
  /** Stops every child (SIGTERM, then SIGKILL after `graceMs`) and starts none again. */
  stop(): Promise<void>;
}

/**
 * Starts `count` children running `entry` and keeps them running.
 *
 * @example
 * ```ts
 * const supervisor = await superviseWorkers({ count: 4, entry: fromFileUrl(import.meta.url) });
 * Deno.addSignalListener("SIGTERM", () => supervisor.stop().then(() => Deno.exit(0)));
 * ```
 */
export async function superviseWorkers(opts: {
  count: number;
  /** The module a child runs (core/main.ts). */
  entry: string;
  log?: (message: string) => void;
  /** Time a child has to stop after SIGTERM (default 30 s). */
  graceMs?: number;
}): Promise<Supervisor> {
  const log = opts.log ?? ((m: string) => console.error(m));
  const graceMs = opts.graceMs ?? 30_000;
  const live = new Map<number, Deno.ChildProcess>();
  let stopping = false;

  /** Starts child `index`; resolves once it listens (or has stopped). */
  const start = (index: number, pause = 1_000): Promise<void> => {
    const startedAt = Date.now();
    const child = new Deno.Command(Deno.execPath(), {
      // reusePort is unstable in Deno 2.9: --unstable-net.
      args: ["run", "--allow-all", "--unstable-no-legacy-abort", "--unstable-net", opts.entry],
      env: { [WORKER_ENV]: String(index) },
      stdin: "null",
      stdout: "piped",
      stderr: "inherit",
    }).spawn();
    live.set(index, child);
    const ready = Promise.withResolvers<void>();
    // Its lines are passed on as they are; the first « prêt » says it listens.
    (async () => {
      let rest = "";
      for await (const chunk of child.stdout.pipeThrough(new TextDecoderStream())) {
        const lines = (rest + chunk).split("\n");
        rest = lines.pop()!;
        for (const line of lines) {
          console.log(line);
          if (line.startsWith(READY_LINE)) ready.resolve();
        }
      }
      if (rest) console.log(rest);
    })().catch(() => {});
    child.status.then((status) => {
      ready.resolve();
      if (live.get(index) === child) live.delete(index);
      if (stopping) return;
      const how = status.signal ? `signal ${status.signal}` : `code ${status.code}`;
      // One that dies at once is started again ever more slowly, up to a minute.
      const next = Date.now() - startedAt < 10_000 ? Math.min(pause * 2, 60_000) : 1_000;
      log(
        `Le processus serveur ${index} (pid ${child.pid}) s’est arrêté (${how}) : il est relancé dans ${
          Math.round(next / 1000)
        } s.`,
      );
      setTimeout(() => {
        if (!stopping) start(index, next);
      }, next);
    });
    return ready.promise;
  };

  await start(1);
  await Promise.all(Array.from({ length: opts.count - 1 }, (_, i) => start(i + 2)));
  return {
    async stop() {
      stopping = true;
      const children = [...live.values()];
      for (const child of children) {
        try {
          child.kill("SIGTERM");
        } catch { /* already gone */ }
      }
      const timer = setTimeout(() => {
        for (const child of children) {
          try {
            child.kill("SIGKILL");
          } catch { /* already gone */ }
        }
      }, graceMs);
      await Promise.all(children.map((c) => c.status));
      clearTimeout(timer);
    },
  };
}
