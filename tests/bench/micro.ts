/**
 * In-process micro-benchmarks: several variants of one operation timed in interleaved
 * rounds, each reported as a median ratio of its speed to the first (the yardstick).
 * Time is the process's CPU time, not the wall clock, so that being descheduled on a busy
 * machine does not count against whichever variant was running.
 */
import { cpuUsage } from "node:process";

export interface Variant {
  readonly name: string;
  readonly run: () => unknown;
}

export interface MicroResult {
  readonly name: string;
  /** Operations per second, median over rounds. */
  readonly opsPerSecond: number;
  /** Speed relative to the first variant, median of per-round ratios. */
  readonly ratio: number;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

const cpuMs = () => {
  const { user, system } = cpuUsage();
  return (user + system) / 1000;
};

async function opsPerSecond(run: () => unknown, ms: number): Promise<number> {
  let n = 0;
  const start = cpuMs();
  let elapsed = 0;
  while (elapsed < ms) {
    for (let i = 0; i < 100; i++) await run();
    n += 100;
    elapsed = cpuMs() - start;
  }
  return n / (elapsed / 1000);
}

/** Times each variant for `ms` of CPU per round, rounds interleaved (A, B, C, A, B, C…). */
export async function compare(
  variants: readonly Variant[],
  opts: { rounds: number; ms: number },
): Promise<MicroResult[]> {
  for (const v of variants) await opsPerSecond(v.run, opts.ms / 4);
  const speeds = variants.map(() => [] as number[]);
  for (let r = 0; r < opts.rounds; r++) {
    for (let i = 0; i < variants.length; i++) {
      speeds[i].push(await opsPerSecond(variants[i].run, opts.ms));
    }
  }
  return variants.map((v, i) => ({
    name: v.name,
    opsPerSecond: median(speeds[i]),
    ratio: median(speeds[i].map((s, r) => s / speeds[0][r])),
  }));
}

export { median };
