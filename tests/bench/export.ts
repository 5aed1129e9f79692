/**
 * `deno task bench export [--rounds=3]`: the exports of « tous » at 100,000 dossiers × 20
 * columns (`export_data.ts`), each measured alone in a fresh process (`export_case.ts`), rounds
 * interleaved:
 * - CSV against the raw baseline — one hand-written statement and writer producing the
 *   byte-identical file (checked) — as a ratio of times, target ≥ 0.9: of wall times, and of
 *   CPU times (every thread of the process), which move less when other work shares the
 *   machine;
 * - XLSX and ODS end to end (request, job, file stored): seconds and memory over the idle
 *   process (peak RSS − RSS before), targets ≤ 3 s and ≤ +120 MiB. The raw CSV's memory is
 *   printed too: what walking the rows in JavaScript costs at all (V8 grows its young
 *   generation from a few MiB to 2 × 32 MiB under such an allocation rate, whatever the batch
 *   sizes; `--trace-gc-verbose` shows it).
 * Each line ends with PASS or FAIL. `deno task bench export-million` is the older table: every
 * format on the 1,000,000-dossier instance.
 */
import { median } from "./micro.ts";
import { exportData } from "./export_data.ts";

const arg = Deno.args.find((a) => a.startsWith("--rounds="));
const ROUNDS = arg ? Number(arg.slice("--rounds=".length)) : 3;
const CSV_RATIO = 0.9;
const MAX_SECONDS = 3;
const MAX_MIB = 120;

interface Measure {
  seconds: number;
  cpuSeconds: number;
  idle: number;
  peak: number;
  size: number;
  sha256: string;
  path: string;
  rows: number;
}

async function run(which: string): Promise<Measure> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      "--unstable-no-legacy-abort",
      "--v8-flags=--expose-gc",
      new URL("./export_case.ts", import.meta.url).pathname,
      which,
    ],
    stderr: "inherit",
  }).output();
  if (!out.success) throw new Error(`${which} failed`);
  const lines = new TextDecoder().decode(out.stdout).trim().split("\n");
  return JSON.parse(lines[lines.length - 1]);
}

/** The first line where two files differ, to say why they are not the same. */
async function firstDifference(a: string, b: string): Promise<string> {
  const [x, y] = [await Deno.readTextFile(a), await Deno.readTextFile(b)].map((t) =>
    t.split("\r\n")
  );
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    if (x[i] !== y[i]) return `line ${i + 1}:\n    raw:     ${x[i]}\n    guichet: ${y[i]}`;
  }
  return "same lines";
}

const data = await exportData();
console.log(
  `exports of « tous », 100,000 dossiers × 20 columns (${data.dataDir}), ` +
    `${ROUNDS} rounds, each case in its own process\n`,
);
const cases = ["raw:csv", "guichet:csv", "guichet:xlsx", "guichet:ods"];
const results = new Map<string, Measure[]>(cases.map((c) => [c, []]));
for (let round = 0; round < ROUNDS; round++) {
  // Raw and Guichet CSV take turns going first.
  const order = round % 2 ? [cases[1], cases[0], ...cases.slice(2)] : cases;
  for (const which of order) {
    const m = await run(which);
    results.get(which)!.push(m);
    if (which !== "raw:csv") await Deno.remove(m.path).catch(() => {});
  }
  const raw = results.get("raw:csv")!.at(-1)!;
  const csv = results.get("guichet:csv")!.at(-1)!;
  if (raw.sha256 !== csv.sha256) {
    console.log(`CSV files differ (round ${round + 1}): not the same file, no ratio.`);
  }
}
const mib = (n: number) => n / 1024 / 1024;
const raws = results.get("raw:csv")!;
const csvs = results.get("guichet:csv")!;
const identical = raws.every((r, i) => r.sha256 === csvs[i].sha256);
const ratios = raws.map((r, i) => r.seconds / csvs[i].seconds);
const ratio = median(ratios);
const cpuRatios = raws.map((r, i) => r.cpuSeconds / csvs[i].cpuSeconds);
const cpuRatio = median(cpuRatios);
const s = (ms: Measure[], key: "seconds" | "cpuSeconds") =>
  median(ms.map((m) => m[key])).toFixed(2).padStart(6);
console.log(
  "case           rows  wall s   CPU s  MiB file  +MiB over idle  target " +
    "(medians; wall and CPU ratios per round)",
);
console.log(
  `CSV raw    ${String(raws[0].rows).padStart(8)} ${s(raws, "seconds")}  ${s(raws, "cpuSeconds")} ${
    mib(raws[0].size).toFixed(1).padStart(9)
  } ${median(raws.map((r) => mib(r.peak - r.idle))).toFixed(0).padStart(15)}  ` +
    "(the floor of memory: V8's young generation alone grows to 2 × 32 MiB on such a walk)",
);
const verdict = (r: number) => `${r.toFixed(2)} ${r >= CSV_RATIO ? "PASS" : "FAIL"}`;
console.log(
  `CSV        ${String(csvs[0].rows).padStart(8)} ${s(csvs, "seconds")}  ${s(csvs, "cpuSeconds")} ${
    mib(csvs[0].size).toFixed(1).padStart(9)
  } ${median(csvs.map((r) => mib(r.peak - r.idle))).toFixed(0).padStart(15)}  ` +
    (identical
      ? `byte-identical; ratio (≥ ${CSV_RATIO}) wall ${verdict(ratio)}, CPU ${verdict(cpuRatio)}` +
        ` (wall ${ratios.map((r) => r.toFixed(2)).join(" ")}; CPU ${
          cpuRatios.map((r) => r.toFixed(2)).join(" ")
        })`
      : `FAIL: not byte-identical, ${await firstDifference(raws[0].path, csvs[0].path)}`),
);
for (const which of ["guichet:xlsx", "guichet:ods"]) {
  const ms = results.get(which)!;
  const seconds = median(ms.map((m) => m.seconds));
  const over = Math.max(...ms.map((m) => mib(m.peak - m.idle)));
  const pass = seconds <= MAX_SECONDS && over <= MAX_MIB;
  console.log(
    `${which.slice(8).toUpperCase().padEnd(10)} ${String(ms[0].rows).padStart(8)} ${
      s(ms, "seconds")
    }  ${s(ms, "cpuSeconds")} ${mib(ms[0].size).toFixed(1).padStart(9)} ${
      over.toFixed(0).padStart(15)
    }  ` +
      `${pass ? "PASS" : "FAIL"} (≤ ${MAX_SECONDS} s, ≤ +${MAX_MIB} MiB; ` +
      `rounds ${ms.map((m) => m.seconds.toFixed(2)).join(" ")} s, ` +
      `${ms.map((m) => `+${mib(m.peak - m.idle).toFixed(0)}`).join(" ")} MiB)`,
  );
}
for (const r of raws) await Deno.remove(r.path).catch(() => {});
