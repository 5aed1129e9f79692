/**
 * `WORKERS=3` on one PostgreSQL database, as run in production: `core/main.ts` supervising
 * three real server processes on one port, driven over HTTP, their e-mails sent to a real SMTP
 * listener here (`deno task test --postgres integration/workers`; PostgreSQL only). The people
 * and the démarche are made first through an in-process instance on the same database.
 */
import { suite } from "../helpers/suite.ts";
import * as assert from "uvu/assert";
import { SMTPServer } from "smtp-server";
import { assertCountersMatchDossiers } from "../helpers/counters.ts";
import { publishedDemarche } from "../helpers/demarche.ts";
import { invitedAgent } from "../helpers/people.ts";
import {
  Agent,
  BASE_URL,
  signedUpAgent,
  startTestInstance,
  superAdminAgent,
  type TestInstance,
} from "../helpers/instance.ts";
import { testOnPostgres } from "../helpers/postgres.ts";
import type { Instance } from "../../core/main.ts";
import { SEND_JOB } from "../../core/notifications/service.ts";
import { READY_LINE } from "../../core/workers.ts";

const FORM = {
  champs: [{ stableId: "nom", type: "text", label: "Nom du bateau", mandatory: true }],
  annotations: [],
};
const WORKERS = 3;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A real SMTP listener that takes `delayMs` to accept each message, keeping its Message-ID. */
async function slowSmtp() {
  const messageIds: string[] = [];
  const state = { delayMs: 0 };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, _session, callback) {
      let text = "";
      stream.on("data", (chunk: Uint8Array) => text += new TextDecoder().decode(chunk));
      stream.on("end", () => {
        setTimeout(() => {
          messageIds.push(/^Message-ID:\s*(\S+)/im.exec(text)?.[1] ?? "");
          callback();
        }, state.delayMs);
      });
    },
  });
  // A process killed mid-message resets its connection: no news here.
  server.on("error", () => {});
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.server.address() as { port: number };
  return {
    url: `smtp://127.0.0.1:${port}`,
    messageIds,
    state,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Waits until `pid` has ended (gone, or a zombie: its sockets closed). */
async function untilDead(pid: number): Promise<void> {
  for (let i = 0; i < 250; i++) {
    let status: string;
    try {
      status = await Deno.readTextFile(`/proc/${pid}/status`);
    } catch {
      return;
    }
    if (/^State:\s+Z/m.test(status)) return;
    await sleep(20);
  }
  throw new Error(`process ${pid} still alive 5 s after SIGKILL`);
}

interface Ctx {
  t: TestInstance;
  /** The last job queued by the setup instance: the processes send those after it. */
  firstJob: number;
  smtp: Awaited<ReturnType<typeof slowSmtp>>;
  server: Deno.ChildProcess;
  output: string[];
  port: number;
  /** New connections only, after a process was killed (its kept-alive ones are dead). */
  client: Deno.HttpClient;
  instructeurs: Agent[];
  usagers: Agent[];
}

/** An agent of the setup instance, now speaking HTTP to the processes. */
function overHttp(ctx: Ctx, agent: Agent): Agent {
  const remote = {
    app: {
      fetch: async (request: Request) => {
        const url = new URL(request.url);
        const body = request.body ? await request.arrayBuffer() : undefined;
        const send = () =>
          fetch(`http://127.0.0.1:${ctx.port}${url.pathname}${url.search}`, {
            method: request.method,
            headers: request.headers,
            body,
            redirect: "manual",
            client: ctx.client,
          } as RequestInit);
        try {
          return await send();
        } catch (error) {
          // With reusePort the kernel may hand a new connection to a process being killed or
          // restarted, which resets it: a reverse proxy retries a read on another process,
          // and so does this client — once, for reads only (a write is never sent twice).
          if (request.method !== "GET") throw error;
          await sleep(50);
          return await send();
        }
      },
    },
  } as unknown as Instance;
  const copy = new Agent(remote, "127.0.0.1");
  copy.cookie = agent.cookie;
  return copy;
}

/** The ids of the server processes (the supervisor's children). */
async function childPids(parent: number): Promise<number[]> {
  const { stdout } = await new Deno.Command("ps", {
    args: ["-o", "pid=", "--ppid", String(parent)],
  })
    .output();
  return new TextDecoder().decode(stdout).split("\n").map((s) => Number(s.trim())).filter(
    Boolean,
  );
}

/** Waits until no job is pending or running, up to `ms`; returns how long it took. */
async function jobsDone(ctx: Ctx, ms: number): Promise<number> {
  const start = Date.now();
  while (Date.now() - start < ms) {
    const left = await ctx.t.deps.db.selectFrom("jobs").select("id")
      .where("status", "in", ["pending", "running"]).execute();
    if (left.length === 0) return Date.now() - start;
    await sleep(200);
  }
  throw new Error(`Jobs still pending or running after ${ms} ms`);
}

/** Each send job's e-mail reached the SMTP listener once (`twiceOk`: job ids it may reach twice). */
async function assertEachMailOnce(ctx: Ctx, step: string) {
  const sends = await ctx.t.deps.db.selectFrom("jobs").select(["id", "status", "attempts"])
    .where("kind", "=", SEND_JOB).where("id", ">", ctx.firstJob).execute();
  const byJob = new Map<number, number>();
  for (const id of ctx.smtp.messageIds) {
    const job = Number(/^<job-(\d+)-/.exec(id)?.[1]);
    byJob.set(job, (byJob.get(job) ?? 0) + 1);
  }
  for (const job of sends) {
    assert.is(job.status, "done", `${step}: job ${job.id}`);
    const n = byJob.get(job.id) ?? 0;
    // A try cut short by kill -9 may have handed its message over: the same Message-ID again.
    if (job.attempts > 1) assert.ok(n >= 1 && n <= job.attempts, `${step}: job ${job.id}`);
    else assert.is(n, 1, `${step}: e-mails of job ${job.id}`);
  }
  assert.is(byJob.size, sends.length, `${step}: every e-mail from a send job`);
}

const workers = suite<Ctx>("WORKERS=3 on one PostgreSQL database");
workers.before(async (ctx) => {
  ctx.t = await startTestInstance();
  const admin = await superAdminAgent(ctx.t);
  await publishedDemarche(admin, {
    titre: "Mouillages",
    path: "mouillages",
    form: FORM,
    instructeurs: ["ines@mairie.fr", "paul@mairie.fr"],
  });
  const instructeurs = [
    await invitedAgent(ctx.t, "ines@mairie.fr"),
    await invitedAgent(ctx.t, "paul@mairie.fr"),
  ];
  const usagers: Agent[] = [];
  for (let i = 0; i < 6; i++) usagers.push(await signedUpAgent(ctx.t, `usager${i}@exemple.fr`));
  await ctx.t.flush();
  const last = await ctx.t.deps.db.selectFrom("jobs").select((eb) => eb.fn.max("id").as("id"))
    .executeTakeFirst();
  ctx.firstJob = Number(last?.id ?? 0);
  ctx.smtp = await slowSmtp();
  ctx.client = Deno.createHttpClient({});
  const probe = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  ctx.port = probe.addr.port;
  probe.close();
  if (ctx.t.database.kind !== "postgres") throw new Error("Run on PostgreSQL");
  ctx.server = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-all",
      "--unstable-no-legacy-abort",
      new URL("../../core/main.ts", import.meta.url).pathname,
    ],
    env: {
      DATABASE_URL: ctx.t.database.url,
      DATABASE_POOL_SIZE: "4",
      WORKERS: String(WORKERS),
      PORT: String(ctx.port),
      HOSTNAME: "127.0.0.1",
      BASE_URL,
      DATA_DIR: ctx.t.dataDir,
      SMTP_URL: ctx.smtp.url,
    },
    stdin: "null",
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  ctx.output = [];
  const ready = Promise.withResolvers<void>();
  (async () => {
    for await (const chunk of ctx.server.stdout.pipeThrough(new TextDecoderStream())) {
      ctx.output.push(chunk);
      if (ctx.output.join("").split(READY_LINE).length > WORKERS) ready.resolve();
    }
  })();
  await Promise.race([
    ready.promise,
    sleep(60_000).then(() => {
      throw new Error(`The processes did not start: ${ctx.output.join("")}`);
    }),
  ]);
  ctx.instructeurs = instructeurs.map((a) => overHttp(ctx, a));
  ctx.usagers = usagers.map((a) => overHttp(ctx, a));
});
workers.after(async (ctx) => {
  if (ctx.server) {
    const pids = await childPids(ctx.server.pid);
    ctx.server.kill("SIGTERM");
    const status = await ctx.server.status;
    assert.is(status.code, 0, "SIGTERM stops the supervisor cleanly");
    for (const pid of pids) {
      assert.is((await childPids(pid)).length, 0);
      assert.throws(() => Deno.kill(pid, "SIGCONT"), "every process stopped");
    }
  }
  ctx.client?.close();
  await ctx.smtp?.close();
  await ctx.t.stop();
});

workers(
  "deposits, decisions and saves at once: counters equal a recount, each e-mail sent once, no save lost",
  async (ctx) => {
    const u = (i: number) => ctx.usagers[i].trpc.usager;
    const brouillons: number[] = [];
    const deposes: number[] = [];
    for (let i = 0; i < ctx.usagers.length; i++) {
      brouillons.push((await u(i).start.mutate({ path: "mouillages" })).id);
      deposes.push((await u(i).start.mutate({ path: "mouillages" })).id);
    }
    const [ines, paul] = ctx.instructeurs.map((a) => a.trpc.instruction);
    const saves = ctx.usagers.map(async (_, i) => {
      for (let k = 1; k <= 8; k++) {
        await u(i).save.mutate({ id: brouillons[i], values: { nom: `Bateau ${i}-${k}` } });
      }
    });
    const deposits = ctx.usagers.map(async (_, i) => {
      const step = (name: string) => (e: Error) => {
        throw new Error(`${name}: ${e.message}`);
      };
      await u(i).save.mutate({ id: deposes[i], values: { nom: `Voilier ${i}` } })
        .catch(step("save"));
      await u(i).deposer.mutate({ id: deposes[i] }).catch(step("deposer"));
      // As soon as it is deposited, an instructeur decides on it while the others go on.
      const by = i % 2 ? paul : ines;
      await by.decide.mutate({ id: deposes[i], event: "passer_en_instruction" })
        .catch(step("passer_en_instruction"));
      await by.decide.mutate({
        id: deposes[i],
        event: i % 3 ? "accepter" : "refuser",
        motivation: "Vu le dossier.",
      });
    });
    const outcomes = await Promise.allSettled([...saves, ...deposits]);
    const failed = outcomes.flatMap((o, i) =>
      o.status === "rejected" ? [`${i < saves.length ? "saves" : "deposit"} ${i}: ${o.reason}`] : []
    );
    assert.equal(failed, [], "every change went through");
    await jobsDone(ctx, 60_000);

    await assertCountersMatchDossiers(ctx.t, "after the processes' changes");
    const db = ctx.t.deps.db;
    const demarche = await db.selectFrom("demarches").select("deposited_dossiers_count")
      .where("path", "=", "mouillages").executeTakeFirstOrThrow();
    assert.is(Number(demarche.deposited_dossiers_count), deposes.length);
    const states = await db.selectFrom("dossiers").select(["id", "state"])
      .where("id", "in", deposes).execute();
    for (const d of states) assert.ok(["accepte", "refuse"].includes(d.state), `${d.id}`);
    for (let i = 0; i < brouillons.length; i++) {
      const saved = await u(i).dossier.query({ id: brouillons[i] });
      assert.is(
        JSON.stringify(saved).includes(`Bateau ${i}-8`),
        true,
        `dossier ${brouillons[i]} keeps its last save`,
      );
    }
    await assertEachMailOnce(ctx, "deposits and decisions");
  },
);

workers(
  "a process killed with kill -9 under load: the others keep serving, its jobs are taken back within a minute",
  async (ctx) => {
    // Each e-mail takes 2 s to hand over: every process is busy with one when one is killed.
    ctx.smtp.state.delayMs = 2_000;
    const u = (i: number) => ctx.usagers[i].trpc.usager;
    for (let i = 0; i < ctx.usagers.length; i++) {
      const { id } = await u(i).start.mutate({ path: "mouillages" });
      await u(i).save.mutate({ id, values: { nom: `Canot ${i}` } });
      await u(i).deposer.mutate({ id });
    }
    const db = ctx.t.deps.db;
    const deadline = Date.now() + 30_000;
    let running = 0;
    while (running < WORKERS && Date.now() < deadline) {
      await sleep(100);
      running = (await db.selectFrom("jobs").select("id").where("status", "=", "running")
        .execute()).length;
    }
    assert.is(running, WORKERS, "each process holds a job");
    const [victim] = await childPids(ctx.server.pid);
    Deno.kill(victim, "SIGKILL");
    // Until it is dead its listening socket still takes new connections, which the kernel
    // then resets: that is the kill, not the others failing to serve.
    await untilDead(victim);
    ctx.client.close();
    ctx.client = Deno.createHttpClient({});

    // The others keep serving: every request succeeds while the killed one's jobs wait.
    const ines = ctx.instructeurs[0].trpc.instruction;
    for (let k = 0; k < 30; k++) {
      const list = await ines.demarches.query();
      assert.is(list.length, 1);
    }
    const { id } = await u(0).start.mutate({ path: "mouillages" });
    await u(0).save.mutate({ id, values: { nom: "Après" } });
    await u(0).deposer.mutate({ id });

    const tookMs = await jobsDone(ctx, 75_000);
    assert.ok(tookMs < 75_000, `jobs done ${tookMs} ms after the kill`);
    const retaken = await db.selectFrom("jobs").select("id").where("attempts", ">", 1)
      .where("kind", "=", SEND_JOB).execute();
    assert.ok(retaken.length >= 1, "the killed process's job was taken back");
    await assertEachMailOnce(ctx, "after kill -9");
    await assertCountersMatchDossiers(ctx.t, "after kill -9");
    assert.ok((await childPids(ctx.server.pid)).length === WORKERS, "the killed one restarted");
  },
);

if (testOnPostgres()) workers.run();
