/**
 * A job worker in a process of its own, for the crash tests: `deno run -A
 * tests/helpers/job_worker_process.ts <database> <lease ms> <heartbeat ms>`, `<database>` the
 * instance's `DatabaseTarget` as JSON (its SQLite file, or its PostgreSQL database). It runs the
 * real worker on it with one handler, `test.block`, which prints `started <id>`
 * and then never ends, so the test can kill the process while it holds the job.
 */
import { type DatabaseTarget, openDatabase } from "../../core/db/mod.ts";
import { createWorker } from "../../core/jobs/worker.ts";

const [database, leaseMs, heartbeatMs] = Deno.args;
const conn = openDatabase(JSON.parse(database) as DatabaseTarget);
const worker = createWorker(conn.db, {
  clock: () => new Date(),
  leaseMs: Number(leaseMs),
  heartbeatMs: Number(heartbeatMs),
  pollMs: 50,
  log: (m) => console.error(m),
  handlers: {
    "test.block": (payload) => {
      console.log(`started ${(payload as { id: number }).id}`);
      // Never ends, and keeps the process alive until it is killed.
      return new Promise<void>(() => setInterval(() => {}, 60_000));
    },
  },
});
worker.start();
