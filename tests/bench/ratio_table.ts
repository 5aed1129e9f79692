/**
 * The table of the HTTP cases of `deno task bench`: per case and concurrency, requests/s of
 * Guichet and of its bare handler, their ratio (median of the per-round ratios) against its
 * target, the server's CPU time per request, latencies.
 */
import { median } from "./micro.ts";
import type { Round } from "./rounds.ts";

export interface RatioRow {
  readonly name: string;
  readonly connections: number;
  readonly rounds: readonly Round[];
  readonly target: number;
}

/** Prints the lines of `rows` under the header the `auth.session` case prints too. */
export function printRatioRows(rows: readonly RatioRow[]): void {
  const num = (n: number, width: number, digits = 0) => n.toFixed(digits).padStart(width);
  const pair = (a: number, b: number, digits: number) =>
    `${a.toFixed(digits)}/${b.toFixed(digits)}`.padStart(13);
  console.log(
    "\ncase                     conn  guichet/s   bare/s  ratio   CPU µs/req g/b  CPU ratio" +
      "  p50 ms g/b    p99 ms g/b   target",
  );
  for (const { name, connections, rounds: rs, target } of rows) {
    const mid = (side: "guichet" | "bare", key: "rps" | "cpuUs" | "p50Ms" | "p99Ms") =>
      median(rs.map((r) => r[side][key]));
    const ratios = rs.map((r) => r.guichet.rps / r.bare.rps);
    const ratio = median(ratios);
    const cpuRatio = median(rs.map((r) => r.bare.cpuUs / r.guichet.cpuUs));
    const errors = rs.reduce((sum, r) => sum + r.guichet.errors + r.bare.errors, 0);
    console.log(
      `${name.padEnd(23)} ${num(connections, 5)} ${num(mid("guichet", "rps"), 10)} ` +
        `${num(mid("bare", "rps"), 8)} ${num(ratio, 6, 2)} ` +
        `${pair(mid("guichet", "cpuUs"), mid("bare", "cpuUs"), 0).padStart(16)} ` +
        `${num(cpuRatio, 10, 2)} ${pair(mid("guichet", "p50Ms"), mid("bare", "p50Ms"), 3)} ` +
        `${pair(mid("guichet", "p99Ms"), mid("bare", "p99Ms"), 2)}   ` +
        `${ratio >= target ? "PASS" : "FAIL"} (≥ ${target})` +
        (errors ? `  ${errors} failed requests!` : ""),
    );
    console.log(`  per-round ratios: ${ratios.map((x) => x.toFixed(2)).join(" ")}`);
  }
}
