/**
 * `deno task backup` while the instance serves, and `deno task restore`: a backup taken by
 * another process during a stream of real HTTP deposits, restored into a new DATA_DIR and
 * started, holds every deposit acknowledged before the backup began (dossier, history, the
 * mail job still to send, the pièce jointe byte for byte); a backup with one file changed is
 * refused naming it; a non-empty DATA_DIR is refused; a copy of `guichet.sqlite` alone, what
 * the README warns against, loses acknowledged deposits.
 *
 * On PostgreSQL (`deno task test --postgres`) the same, through pg_dump and pg_restore into an
 * empty database; a restore into a database that holds tables, or of a backup of the other
 * kind, is refused. The naive copy is SQLite's alone.
 */
import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import { createTRPCClient, httpLink } from "@trpc/client";
import { sql } from "kysely";
import type { AppRouter } from "../../../core/api/router.ts";
import { loadConfig } from "../../../core/config.ts";
import { createInstance, ROOT } from "../../../core/main.ts";
import { connect } from "../../../core/db/mod.ts";
import { diskBlobStore, pauseRemovals } from "../../../core/files/storage.ts";
import {
  type Agent,
  signedUpAgent,
  startTestInstance,
  superAdminAgent,
  type TestInstance,
} from "../../helpers/instance.ts";
import { publishedDemarche } from "../../helpers/demarche.ts";
import { emptyDatabase } from "../../helpers/empty_database.ts";
import { assertEmptyPostgres } from "../../../core/operations/postgres_backup.ts";

interface Deposit {
  readonly dossierId: number;
  readonly fileId: string;
  readonly bytes: Uint8Array;
}

/** A usager's browser talking to the instance over real HTTP, with its session cookie. */
function httpUsager(baseUrl: string, cookie: string) {
  const fetchWithCookie = (url: string | URL | Request, init?: RequestInit) => {
    const request = new Request(url, init);
    request.headers.set("cookie", cookie);
    if (request.method !== "GET") request.headers.set("origin", baseUrl);
    return fetch(request);
  };
  const trpc = createTRPCClient<AppRouter>({
    links: [httpLink({ url: `${baseUrl}/trpc`, fetch: fetchWithCookie })],
  });
  return {
    /** Starts, fills with a unique pièce jointe and deposits a dossier; resolves once acknowledged. */
    async deposit(n: number): Promise<Deposit> {
      const { id } = await trpc.usager.start.mutate({ path: "permis-de-sauvegarde" });
      const bytes = new TextEncoder().encode(
        `%PDF-1.4\n% dossier ${n} ${crypto.randomUUID()}\n${"x".repeat(n * 97)}\n%%EOF\n`,
      );
      const res = await fetchWithCookie(`${baseUrl}/files`, {
        method: "POST",
        body: bytes,
        headers: { "content-type": "application/pdf", "x-filename": `piece-${n}.pdf` },
      });
      if (res.status !== 201) throw new Error(`upload ${res.status}: ${await res.text()}`);
      const file = await res.json();
      await trpc.usager.save.mutate({
        id,
        values: {
          nom: `Dossier ${n}`,
          piece: [{
            fileId: file.id,
            filename: `piece-${n}.pdf`,
            size: file.size,
            mime: file.mime,
          }],
        },
      });
      await trpc.usager.deposer.mutate({ id });
      return { dossierId: id, fileId: file.id, bytes };
    },
  };
}

/** `deno task backup|restore <folder>` as the operator runs it, in its own process. */
async function cli(
  command: "backup" | "restore",
  folder: string,
  dataDir: string,
  env: Record<string, string> = {},
) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "core/operations/cli.ts", command, folder],
    cwd: ROOT,
    env: { DATA_DIR: dataDir, ...env },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decode = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: out.code, stdout: decode(out.stdout), stderr: decode(out.stderr) };
}

interface Ctx {
  t: TestInstance;
  server: Deno.HttpServer<Deno.NetAddr>;
  baseUrl: string;
  usager: Agent;
  work: string;
  backup: string;
  /** `DATABASE_URL` of the instance, for the commands (empty on SQLite). */
  env: Record<string, string>;
  /** Empty PostgreSQL databases made for restores, dropped at the end. */
  made: { url: string; drop(): Promise<void> }[];
  before: Deposit[];
  duringBackup: number;
}

const backup = suite<Ctx>("sauvegarde à chaud et restauration");
backup.before(async (ctx) => {
  const target: { app?: TestInstance["app"] } = {};
  ctx.server = Deno.serve(
    { port: 0, hostname: "127.0.0.1", onListen: () => {} },
    (request, info) =>
      target.app ? target.app.fetch(request, info) : new Response("", { status: 503 }),
  );
  ctx.baseUrl = `http://127.0.0.1:${ctx.server.addr.port}`;
  const t = ctx.t = await startTestInstance({ env: { BASE_URL: ctx.baseUrl } });
  target.app = t.app;
  const admin = await superAdminAgent(t);
  await publishedDemarche(admin, {
    titre: "Permis de sauvegarde",
    path: "permis-de-sauvegarde",
    form: {
      champs: [
        { stableId: "nom", type: "text", label: "Nom", mandatory: true },
        { stableId: "piece", type: "piece_justificative", label: "Pièce", mandatory: true },
      ],
      annotations: [],
    },
  });
  ctx.usager = await signedUpAgent(t, "usager@exemple.fr");
  ctx.env = t.database.kind === "postgres" ? { DATABASE_URL: t.database.url } : {};
  ctx.made = [];
  if (t.database.kind === "sqlite") {
    // Everything written from now on stays in guichet.sqlite-wal (no automatic checkpoint): the
    // case a backup must read right, and the one a copy of guichet.sqlite alone gets wrong.
    await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(t.deps.db);
    await sql`PRAGMA wal_autocheckpoint = 0`.execute(t.deps.db);
  }
  ctx.work = await Deno.makeTempDir({ prefix: "guichet-sauvegarde-" });
  ctx.backup = `${ctx.work}/sauvegarde`;
});
backup.after(async (ctx) => {
  for (const database of ctx.made) await database.drop();
  await ctx.server.shutdown();
  await ctx.t.stop();
  await Deno.remove(ctx.work, { recursive: true }).catch(() => {});
});

backup("a backup taken during deposits over HTTP restores every acknowledged one", async (ctx) => {
  const client = httpUsager(ctx.baseUrl, ctx.usager.cookie);
  const acknowledged: Deposit[] = [];
  let stop = false;
  let n = 0;
  const loop = async () => {
    while (!stop && n < 50) acknowledged.push(await client.deposit(++n));
  };
  const loops = [loop(), loop()];
  while (acknowledged.length < 4) await new Promise((r) => setTimeout(r, 20));

  ctx.before = [...acknowledged];
  const running = cli("backup", ctx.backup, ctx.t.dataDir, ctx.env);
  const result = await running;
  ctx.duringBackup = acknowledged.length - ctx.before.length;
  stop = true;
  await Promise.all(loops);
  assert.is(result.code, 0, result.stderr);
  assert.match(result.stdout, /Sauvegarde faite/);
  assert.ok(ctx.duringBackup > 0, "deposits were acknowledged while the backup ran");

  const restored = `${ctx.work}/restauree`;
  const into = await restoreTarget(ctx);
  const restore = await cli("restore", ctx.backup, restored, into);
  assert.is(restore.code, 0, restore.stderr);

  // The restored instance, started: what the usager sees there.
  const instance = await createInstance(loadConfig({ DATA_DIR: restored, ...into }), {
    startWorker: false,
    serveUi: false,
    log: () => {},
  });
  try {
    const readBack = createTRPCClient<AppRouter>({
      links: [httpLink({
        url: "http://localhost:8000/trpc",
        fetch: (url, init) => {
          const request = new Request(url, init);
          request.headers.set("cookie", ctx.usager.cookie);
          return Promise.resolve(instance.app.fetch(request));
        },
      })],
    });
    for (const d of ctx.before) {
      const dossier = await readBack.usager.dossier.query({ id: d.dossierId });
      assert.is(dossier.state, "en_construction", `dossier ${d.dossierId}`);
      const file = await instance.app.fetch(
        new Request(`http://localhost:8000/files/${d.fileId}`, {
          headers: { cookie: ctx.usager.cookie },
        }),
      );
      assert.is(file.status, 200);
      assert.equal(new Uint8Array(await file.arrayBuffer()), d.bytes, `file of ${d.dossierId}`);
    }
    // History and jobs came in the same transactions as the deposits: all or nothing each.
    const db = instance.deps.db;
    const deposited = await db.selectFrom("dossiers").select("id")
      .where("state", "=", "en_construction").execute();
    const events = await db.selectFrom("dossier_events").select("dossier_id")
      .where("event", "=", "deposer").execute();
    assert.equal(
      events.map((e) => e.dossier_id).sort((a, b) => a - b),
      deposited.map((d) => d.id).sort((a, b) => a - b),
      "one deposit event per deposited dossier",
    );
    assert.ok(deposited.length >= ctx.before.length);
    // Every file row has its blob, intact (the backup waited for no removal here, but copied
    // all the rows of its copy).
    const rows = await db.selectFrom("files").select(["storage_key", "sha256"]).execute();
    for (const row of rows) {
      const blob = new Uint8Array(
        await new Response(await instance.deps.blobs.open(row.storage_key)).arrayBuffer(),
      );
      const hash = Array.from(new Uint8Array(await crypto.subtle.digest("SHA-256", blob)))
        .map((b) => b.toString(16).padStart(2, "0")).join("");
      assert.is(hash, row.sha256);
    }
    // The deposit e-mails were still queued: the restored instance sends them.
    await instance.worker.drain();
    for (const d of ctx.before) {
      assert.ok(
        instance.catcher!.mails.some((m) =>
          m.subject === `Votre dossier n° ${d.dossierId} est déposé`
        ),
        `deposit mail of ${d.dossierId}`,
      );
    }
  } finally {
    await instance.close();
  }
});

backup(
  "a backup with one changed file is refused, naming it, and nothing is written",
  async (ctx) => {
    const manifest = JSON.parse(await Deno.readTextFile(`${ctx.backup}/manifest.json`));
    const blob = manifest.files.find((f: { path: string }) => f.path.startsWith("files/"));
    const bytes = await Deno.readFile(`${ctx.backup}/${blob.path}`);
    bytes[bytes.length - 3] ^= 0x20;
    await Deno.writeFile(`${ctx.backup}/${blob.path}`, bytes);
    const dataDir = `${ctx.work}/refusee`;
    const into = await restoreTarget(ctx);
    const restore = await cli("restore", ctx.backup, dataDir, into);
    assert.is(restore.code, 1);
    assert.match(restore.stderr, /Sauvegarde abîmée, rien n’a été restauré/);
    assert.ok(restore.stderr.includes(`${blob.path} (contenu modifié)`), restore.stderr);
    const left = [...Deno.readDirSync(ctx.work)].map((e) => e.name);
    assert.not.ok(left.includes("refusee"), "DATA_DIR left untouched");
    if (into.DATABASE_URL) await assertEmptyPostgres(into.DATABASE_URL);
    bytes[bytes.length - 3] ^= 0x20;
    await Deno.writeFile(`${ctx.backup}/${blob.path}`, bytes);
  },
);

backup("restore writes only into an empty DATA_DIR", async (ctx) => {
  const restore = await cli("restore", ctx.backup, ctx.t.dataDir, await restoreTarget(ctx));
  assert.is(restore.code, 1);
  assert.match(restore.stderr, /n’est pas vide : la restauration n’écrit que dans un dossier vide/);
  const again = await cli("backup", ctx.backup, ctx.t.dataDir, ctx.env);
  assert.is(again.code, 1);
  assert.match(again.stderr, /n’est pas vide : une sauvegarde s’écrit dans un dossier neuf/);
  const incomplete = `${ctx.work}/incomplete`;
  await Deno.mkdir(incomplete);
  const none = await cli("restore", incomplete, `${ctx.work}/vide`, await restoreTarget(ctx));
  assert.is(none.code, 1);
  assert.match(none.stderr, /manifest\.json y manque/);
});

backup(
  "copying guichet.sqlite alone on a live instance loses acknowledged deposits",
  async (ctx) => {
    if (ctx.t.database.kind !== "sqlite") return; // SQLite's WAL: nothing like it to copy here
    const client = httpUsager(ctx.baseUrl, ctx.usager.cookie);
    const last = await client.deposit(99);
    const copy = `${ctx.work}/copie-naive`;
    await Deno.mkdir(copy);
    await Deno.copyFile(`${ctx.t.dataDir}/guichet.sqlite`, `${copy}/guichet.sqlite`);
    const conn = connect(`${copy}/guichet.sqlite`);
    try {
      const found = await conn.db.selectFrom("dossiers").select("id")
        .where("id", "=", last.dossierId).executeTakeFirst();
      assert.is(found, undefined, "the deposit still in guichet.sqlite-wal is lost");
    } finally {
      await conn.close();
    }
  },
);

backup("a blob's removal waits while a backup copies the files", async (ctx) => {
  const dir = `${ctx.work}/blobs`;
  const blobs = diskBlobStore(dir);
  const { key } = await blobs.put(ReadableStream.from([new Uint8Array([1, 2, 3])]), 10);
  const path = `${dir}/${key.slice(0, 2)}/${key.slice(2, 4)}/${key}`;
  const resume = await pauseRemovals(dir);
  let removed = false;
  const removal = blobs.remove(key).then(() => removed = true);
  await new Promise((r) => setTimeout(r, 300));
  assert.is(removed, false);
  assert.ok((await Deno.stat(path)).isFile, "the blob is still there during the backup");
  resume();
  await removal;
  assert.throws(() => Deno.statSync(path));
});

backup(
  "on PostgreSQL, a restore goes only into an empty database, and only a PostgreSQL backup",
  async (ctx) => {
    if (ctx.t.database.kind !== "postgres") return; // the kinds are told apart on PostgreSQL
    // A database holding tables (the running instance's own) is refused, nothing written.
    const busy = await cli("restore", ctx.backup, `${ctx.work}/vers-pleine`, ctx.env);
    assert.is(busy.code, 1);
    assert.match(
      busy.stderr,
      /n’est pas vide \(\d+ table\(s\)\) : la restauration n’écrit que dans une base neuve/,
    );
    assert.throws(() => Deno.statSync(`${ctx.work}/vers-pleine`));
    // A PostgreSQL backup restored without DATABASE_URL (SQLite) is refused, naming the fix…
    const intoSqlite = await cli("restore", ctx.backup, `${ctx.work}/vers-sqlite`, {
      DATABASE_URL: "sqlite:",
    });
    assert.is(intoSqlite.code, 1);
    assert.match(intoSqlite.stderr, /celle d’une instance PostgreSQL \(guichet\.pgdump\)/);
    // …and a SQLite one with DATABASE_URL too.
    const sqliteBackup = `${ctx.work}/sauvegarde-sqlite`;
    await Deno.mkdir(sqliteBackup);
    const manifest = JSON.parse(await Deno.readTextFile(`${ctx.backup}/manifest.json`));
    await Deno.writeTextFile(
      `${sqliteBackup}/manifest.json`,
      JSON.stringify({ ...manifest, database: "sqlite" }),
    );
    const into = await restoreTarget(ctx);
    const intoPostgres = await cli("restore", sqliteBackup, `${ctx.work}/vers-pg`, into);
    assert.is(intoPostgres.code, 1);
    assert.match(intoPostgres.stderr, /celle d’une instance SQLite .*migrate-to-postgres/);
    await assertEmptyPostgres(into.DATABASE_URL!);
  },
);

/** Where a restore writes its database: nowhere more on SQLite, an empty one on PostgreSQL. */
async function restoreTarget(ctx: Ctx): Promise<Record<string, string>> {
  if (ctx.t.database.kind !== "postgres") return {};
  const database = await emptyDatabase();
  ctx.made.push(database);
  return { DATABASE_URL: database.url };
}

backup.run();
