/**
 * Interleaved rounds of `wrk` against Guichet and the bare handler, which side goes first
 * alternating so a drift in machine speed favours neither. Each round also records the
 * server process's CPU time per request.
 */
import { processCpuMs } from "./cpu_time.ts";
import { wrk, type WrkResult } from "./wrk.ts";
import type { ServerProcess } from "./server_process.ts";

export interface Measure extends WrkResult {
  /** Server CPU time per answered request, in µs (NaN without `/proc`). */
  readonly cpuUs: number;
}

export interface Round {
  readonly guichet: Measure;
  readonly bare: Measure;
}

type Side = keyof ServerProcess["urls"];

export async function runRounds(
  server: ServerProcess,
  opts: {
    connections: number;
    rounds: number;
    seconds: number;
    wrkCpu?: number;
    headers?: readonly string[];
  },
): Promise<Round[]> {
  const measure = async (side: Side): Promise<Measure> => {
    const before = await processCpuMs(server.pid);
    const result = await wrk(server.urls[side], {
      cookie: server.cookie,
      post: server.post,
      connections: opts.connections,
      seconds: opts.seconds,
      cpu: opts.wrkCpu,
      headers: opts.headers,
    });
    const cpuMs = await processCpuMs(server.pid) - before;
    return { ...result, cpuUs: cpuMs * 1000 / result.requests };
  };
  const rounds: Round[] = [];
  for (let r = 0; r < opts.rounds; r++) {
    const order: Side[] = r % 2 === 0 ? ["guichet", "bare"] : ["bare", "guichet"];
    const got = {} as Record<Side, Measure>;
    for (const side of order) got[side] = await measure(side);
    rounds.push(got);
  }
  return rounds;
}
