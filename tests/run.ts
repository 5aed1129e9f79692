/**
 * The one test runner: `deno task test [filter…]`. Imports every `*_test.ts` under unit/,
 * integration/ and e2e/ (those whose path contains one of the filters), runs the uvu suites
 * in order and ends with the line `N passed, N failed` (`, N skipped` when any were skipped).
 * A promise rejected with nobody waiting for it (a test that forgot an `await`) counts as a
 * failure instead of ending the run without its last line.
 *
 * `deno task test --postgres [filter…]`: the test instances run on PostgreSQL, each on a
 * database of its own in a throwaway cluster started here and stopped at the end
 * (`helpers/postgres.ts`); the last line ends with ` on PostgreSQL`. CI runs
 * `deno task test --postgres integration e2e`.
 */
import { ensureBrowser } from "./helpers/browser_setup.ts";
import { PG_HOST_ENV, startCluster, TEST_DB_ENV } from "./helpers/postgres.ts";

const root = new URL(".", import.meta.url).pathname;
const onPostgres = Deno.args.includes("--postgres");
const filters = Deno.args.filter((a) => a !== "--postgres");
if (onPostgres) {
  const cluster = await startCluster();
  // Children (subprocess tests) inherit both.
  Deno.env.set(TEST_DB_ENV, "postgres");
  Deno.env.set(PG_HOST_ENV, cluster.host);
  globalThis.addEventListener("unload", () => cluster.stopSync());
  // `unload` does not run on a signal: stopped by hand (Ctrl-C, timeout), it is stopped too.
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    Deno.addSignalListener(signal, () => {
      cluster.stopSync();
      Deno.exit(130);
    });
  }
  console.log(`PostgreSQL : cluster de test dans ${cluster.host}`);
}

async function collect(dir: string): Promise<string[]> {
  const out: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory) out.push(...await collect(path));
    else if (entry.name.endsWith("_test.ts")) out.push(path);
  }
  return out.sort();
}

const files: string[] = [];
for (const layer of ["unit", "integration", "e2e"]) {
  files.push(
    ...(await collect(`${root}${layer}`)).filter((f) =>
      filters.length === 0 || filters.some((filter) => f.includes(filter))
    ),
  );
}

if (files.some((f) => f.includes("/e2e/"))) await ensureBrowser();

type Run = () => Promise<[string | true, number, number, number]>;
// deno-lint-ignore no-explicit-any
const g = globalThis as any;
g.UVU_DEFER = 1;
g.UVU_QUEUE = [];
for (const file of files) {
  g.UVU_INDEX = g.UVU_QUEUE.length;
  g.UVU_QUEUE.push([file.slice(root.length)]);
  await import(`file://${file}`);
}

let passed = 0, failed = 0, skipped = 0;
globalThis.addEventListener("unhandledrejection", (event) => {
  event.preventDefault();
  failed += 1;
  console.error("\nUnhandled rejection (counted as a failure):", event.reason);
});
const started = performance.now();
for (const group of g.UVU_QUEUE as [string, ...Run[]][]) {
  const [name, ...suites] = group;
  console.log(`\n${name}`);
  for (const suite of suites) {
    const [errors, ran, skip, total] = await suite();
    passed += ran;
    skipped += skip;
    failed += total - ran;
    if (errors !== true) console.log(`\n${errors}`);
  }
}
console.log(`\nDuration: ${((performance.now() - started) / 1000).toFixed(1)} s`);
console.log(
  `${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}${
    onPostgres ? " on PostgreSQL" : ""
  }`,
);
Deno.exit(failed > 0 ? 1 : 0);
