/**
 * The load generator of `deno task bench scaling` (`scaling.ts`), run as its own process so
 * it never shares the server's: `clients` loops, each a usager with their own session, over
 * real HTTP (kept-alive connections), for `warmup` + `seconds`. Only what completes after the
 * warm-up is timed. What each loop had acknowledged is printed as one JSON line, for the
 * parent to compare with the database:
 * - `save`: `POST /trpc/usager.save` of one champ (`c0`) of the client's own brouillon, a new
 *   value each time (the autosave);
 * - `deposit`: a whole dossier, `usager.start` → `usager.save` of every champ →
 *   `usager.deposer`; one latency per dossier.
 * A loop starts nothing after the deadline and finishes what it started.
 */

/** What the parent passes as the only argument (JSON). */
export interface LoadPlan {
  readonly base: string;
  readonly mode: "save" | "deposit";
  readonly warmup: number;
  readonly seconds: number;
  readonly clients: readonly { readonly cookie: string; readonly brouillon: number }[];
  /** The démarche's path and every champ's value, for `deposit`. */
  readonly path: string;
  readonly values: Record<string, unknown>;
}

/** What one client's saves left: the database must hold `acked`, or a later unanswered value. */
export interface SaveTrace {
  readonly brouillon: number;
  readonly acked: number;
  readonly lastAcked: string | null;
  readonly unanswered: string[];
}

export interface LoadResult {
  /** Operations (saves, or whole deposits) completed after the warm-up. */
  readonly completed: number;
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Every HTTP answer by status, warm-up included. */
  readonly statuses: Record<string, number>;
  /** Requests with no answer (connection reset, timeout). */
  readonly networkErrors: number;
  readonly firstError: string | null;
  readonly saves: SaveTrace[];
  /** Dossiers whose `deposer` answered 200. */
  readonly deposited: number[];
  /** Dossiers started whose deposit failed with an answer (not deposited). */
  readonly abandoned: number[];
  /** Dossiers whose `deposer` got no answer: deposited or not. */
  readonly unknown: number[];
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}

/** Runs the plan; the loops share one HTTP client (its pool keeps a connection per loop). */
export async function runLoad(plan: LoadPlan): Promise<LoadResult> {
  const client = Deno.createHttpClient({});
  const statuses: Record<string, number> = {};
  let networkErrors = 0;
  let firstError: string | null = null;
  const start = performance.now();
  const measureFrom = start + plan.warmup * 1000;
  const deadline = measureFrom + plan.seconds * 1000;
  const latencies: number[] = [];
  const saves: SaveTrace[] = [];
  const deposited: number[] = [];
  const abandoned: number[] = [];
  const unknown: number[] = [];

  /** One tRPC mutation; `null` when no answer came. */
  const call = async (
    cookie: string,
    procedure: string,
    input: unknown,
  ): Promise<{ status: number; body: unknown } | null> => {
    try {
      const res = await fetch(`${plan.base}/trpc/${procedure}`, {
        method: "POST",
        headers: { cookie, "content-type": "application/json" },
        body: JSON.stringify(input),
        client,
        signal: AbortSignal.timeout(30_000),
      } as RequestInit);
      const text = await res.text();
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      if (res.status !== 200 && !firstError) {
        firstError = `${procedure} ${res.status} ${text.slice(0, 300)}`;
      }
      return { status: res.status, body: res.status === 200 ? JSON.parse(text) : text };
    } catch (error) {
      networkErrors++;
      if (!firstError) firstError = `${procedure}: ${(error as Error).message}`;
      return null;
    }
  };
  const timed = (t0: number) => {
    const t1 = performance.now();
    if (t0 >= measureFrom && t1 <= deadline + 30_000) latencies.push(t1 - t0);
  };

  const saveLoop = async (index: number) => {
    const { cookie, brouillon } = plan.clients[index];
    const trace = { brouillon, acked: 0, lastAcked: null as string | null, unanswered: [] };
    saves.push(trace);
    for (let n = 1; performance.now() < deadline; n++) {
      const value = `client ${index} valeur ${n}`;
      const t0 = performance.now();
      const res = await call(cookie, "usager.save", { id: brouillon, values: { c0: value } });
      if (res === null) {
        (trace.unanswered as string[]).push(value);
      } else if (res.status === 200) {
        trace.acked++;
        trace.lastAcked = value;
        trace.unanswered = [];
        timed(t0);
      }
    }
  };

  const depositLoop = async (index: number) => {
    const { cookie } = plan.clients[index];
    while (performance.now() < deadline) {
      const t0 = performance.now();
      const started = await call(cookie, "usager.start", { path: plan.path });
      if (started?.status !== 200) continue;
      const id = (started.body as { result: { data: { id: number } } }).result.data.id;
      const saved = await call(cookie, "usager.save", { id, values: plan.values });
      const errors = saved?.status === 200
        ? (saved.body as { result: { data: { errors: object } } }).result.data.errors
        : {};
      if (saved?.status !== 200 || Object.keys(errors).length) {
        if (!firstError && saved?.status === 200) {
          firstError = `usager.save: ${JSON.stringify(errors)}`;
        }
        abandoned.push(id);
        continue;
      }
      const done = await call(cookie, "usager.deposer", { id });
      if (done === null) unknown.push(id);
      else if (done.status !== 200) abandoned.push(id);
      else {
        deposited.push(id);
        timed(t0);
      }
    }
  };

  const loop = plan.mode === "save" ? saveLoop : depositLoop;
  await Promise.all(plan.clients.map((_, i) => loop(i)));
  client.close();
  latencies.sort((a, b) => a - b);
  return {
    completed: latencies.length,
    perSecond: latencies.length / plan.seconds,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    statuses,
    networkErrors,
    firstError,
    saves,
    deposited,
    abandoned,
    unknown,
  };
}

if (import.meta.main) {
  console.log(JSON.stringify(await runLoad(JSON.parse(Deno.args[0]) as LoadPlan)));
}
