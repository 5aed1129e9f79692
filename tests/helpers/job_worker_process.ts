/**
 * A job worker in a process of its own, for the crash tests: `deno run -A
 * tests/helpers/job_worker_process.ts <sqlite file> <lease ms> <heartbeat ms>`. It runs the
 * real worker on the file with one handler, `test.block`, which prints `started <id>`
 * and then never ends, so the test can kill the process while it holds the job.
 */
import { connect } from "../../core/db/mod.ts";
import { createWorker } from "../../core/jobs/worker.ts";

const [path, leaseMs, heartbeatMs] = Deno.args;
const conn = connect(path);
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
