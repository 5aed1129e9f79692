/**
 * `deno task migrate-to-postgres`: a SQLite instance with démarches, dossiers in several
 * states, a pièce jointe, jobs still queued and open sessions, copied by the command into an
 * empty PostgreSQL database, then started on it with the same DATA_DIR: the same people still
 * signed in read the same dossiers, the search finds them, the file comes back byte for byte,
 * a new dossier gets an id SQLite never gave; the command refuses a target that holds rows,
 * writing nothing.
 */
import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import { sql } from "kysely";
import { loadConfig } from "../../../core/config.ts";
import { createInstance, type Instance, ROOT } from "../../../core/main.ts";
import { connect } from "../../../core/db/mod.ts";
import {
  Agent,
  BASE_URL,
  signedUpAgent,
  startTestInstance,
  superAdminAgent,
  type TestInstance,
} from "../../helpers/instance.ts";
import { invitedAgent } from "../../helpers/people.ts";
import { publishedDemarche } from "../../helpers/demarche.ts";
import { emptyDatabase } from "../../helpers/empty_database.ts";

/** The command as the operator runs it, in its own process. */
async function migrate(dataDir: string, databaseUrl: string) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "core/operations/to_postgres.ts"],
    cwd: ROOT,
    env: { DATA_DIR: dataDir, DATABASE_URL: databaseUrl },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decode = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: out.code, stdout: decode(out.stdout), stderr: decode(out.stderr) };
}

interface Ctx {
  t: TestInstance;
  usager: Agent;
  marc: Agent;
  demarcheId: number;
  /** Dossiers by their state on SQLite. */
  dossiers: Record<string, number>;
  fileId: string;
  bytes: Uint8Array<ArrayBuffer>;
  /** The highest dossier id SQLite ever gave (its row deleted since). */
  lastGiven: number;
  counts: Record<string, number>;
  target: { url: string; drop(): Promise<void> };
  pg?: Instance;
}

const FORM = {
  champs: [
    { stableId: "nom", type: "text" as const, label: "Nom du bateau", mandatory: true },
    {
      stableId: "piece",
      type: "piece_justificative" as const,
      label: "Acte de francisation",
      mandatory: false,
    },
  ],
  annotations: [],
};

const move = suite<Ctx>("migration d’une instance SQLite vers PostgreSQL");
move.before(async (ctx) => {
  // The source is SQLite whatever the run's database.
  const t = ctx.t = await startTestInstance({ env: { DATABASE_URL: "sqlite:" } });
  const admin = await superAdminAgent(t);
  ctx.demarcheId = await publishedDemarche(admin, {
    titre: "Permis de navigation",
    path: "permis-navigation",
    form: FORM,
  });
  ctx.marc = await invitedAgent(t, "marc@mairie.fr");
  ctx.usager = await signedUpAgent(t, "camille@exemple.fr");
  const trpc = ctx.usager.trpc.usager;
  const start = async (nom: string) => {
    const { id } = await trpc.start.mutate({ path: "permis-navigation", test: false });
    await trpc.save.mutate({ id, values: { nom } });
    return id;
  };
  ctx.dossiers = {};
  ctx.dossiers.brouillon = await start("Goélette brouillon");
  ctx.bytes = new TextEncoder().encode(`%PDF-1.4\n% ${crypto.randomUUID()} é\n%%EOF\n`);
  const upload = await ctx.usager.fetch(`${BASE_URL}/files`, {
    method: "POST",
    body: ctx.bytes,
    headers: { "content-type": "application/pdf", "x-filename": "francisation.pdf" },
  });
  assert.is(upload.status, 201, await upload.clone().text());
  const file = await upload.json();
  ctx.fileId = file.id;
  const deposited = await start("Sémaphore du Créac’h");
  await trpc.save.mutate({
    id: deposited,
    values: {
      nom: "Sémaphore du Créac’h",
      piece: [{ fileId: file.id, filename: "francisation.pdf", size: file.size, mime: file.mime }],
    },
  });
  await trpc.deposer.mutate({ id: deposited });
  ctx.dossiers.en_construction = deposited;
  for (const state of ["en_instruction", "accepte"] as const) {
    const id = await start(`Dossier ${state}`);
    await trpc.deposer.mutate({ id });
    await ctx.marc.trpc.instruction.decide.mutate({ id, event: "passer_en_instruction" });
    if (state === "accepte") {
      await ctx.marc.trpc.instruction.decide.mutate({ id, event: "accepter" });
    }
    ctx.dossiers[state] = id;
  }
  // The newest dossier, gone since (as conservation deletes them): its id stays given.
  ctx.lastGiven = await start("Dossier supprimé");
  const source = connect(`${t.dataDir}/guichet.sqlite`);
  try {
    await sql`delete from dossier_events where dossier_id = ${ctx.lastGiven}`.execute(source.db);
    await sql`delete from dossiers where id = ${ctx.lastGiven}`.execute(source.db);
    ctx.counts = {};
    for (const table of ["dossiers", "jobs", "sessions", "files", "dossier_events", "users"]) {
      const { rows } = await sql<{ n: number }>`select count(*) as n from ${sql.id(table)}`
        .execute(source.db);
      ctx.counts[table] = rows[0].n;
    }
  } finally {
    await source.close();
  }
  // Mails still queued: jobs cross over too.
  assert.ok(ctx.counts.jobs > 0, "jobs queued before the move");
  await t.close(); // the SQLite instance stops; its DATA_DIR stays
  ctx.target = await emptyDatabase();
});
move.after(async (ctx) => {
  await ctx.pg?.close();
  await ctx.target?.drop();
  await ctx.t.stop();
});

move("the command copies the instance, which then serves from PostgreSQL", async (ctx) => {
  const result = await migrate(ctx.t.dataDir, ctx.target.url);
  assert.is(result.code, 0, result.stderr);
  assert.match(result.stdout, /Instance copiée dans PostgreSQL/);
  assert.match(result.stdout, /comptes vérifiés/);

  const pg = ctx.pg = await createInstance(
    loadConfig({ DATA_DIR: ctx.t.dataDir, BASE_URL, DATABASE_URL: ctx.target.url }),
    { startWorker: false, serveUi: false, log: () => {} },
  );
  assert.is(pg.deps.db.getExecutor().adapter.constructor.name, "PostgresAdapter");
  for (const [table, n] of Object.entries(ctx.counts)) {
    const { rows } = await sql<{ n: number }>`select count(*) as n from ${sql.id(table)}`
      .execute(pg.deps.db);
    assert.is(rows[0].n, n, `rows of ${table}`);
  }
  // The same browsers, their sessions copied: still signed in.
  const usager = new Agent(pg, "192.0.2.1");
  usager.cookie = ctx.usager.cookie;
  const marc = new Agent(pg, "192.0.2.1");
  marc.cookie = ctx.marc.cookie;
  for (const [state, id] of Object.entries(ctx.dossiers)) {
    assert.is((await usager.trpc.usager.dossier.query({ id })).state, state, `dossier ${id}`);
  }
  const seen = await marc.trpc.instruction.dossier.query({ id: ctx.dossiers.accepte });
  assert.is(seen.state, "accepte");
  assert.ok(seen.events.some((e) => e.event === "accepter"));
  // The search index, rebuilt on PostgreSQL: accents ignored, a prefix.
  const found = await marc.trpc.instruction.dashboard.query({
    demarcheId: ctx.demarcheId,
    tab: "tous",
    filters: { search: "semaph creac" },
  });
  assert.equal(found.dossiers.map((d) => d.id), [ctx.dossiers.en_construction]);
  // The pièce jointe, from the same DATA_DIR/files.
  const file = await usager.fetch(`${BASE_URL}/files/${ctx.fileId}`);
  assert.is(file.status, 200);
  assert.equal(new Uint8Array(await file.arrayBuffer()), ctx.bytes);
  // A new dossier: numbered after every id SQLite gave, the deleted one's included.
  const { id } = await usager.trpc.usager.start.mutate({ path: "permis-navigation", test: false });
  assert.is(id, ctx.lastGiven + 1);
  await usager.trpc.usager.save.mutate({ id, values: { nom: "Nouveau sur PostgreSQL" } });
  await usager.trpc.usager.deposer.mutate({ id });
  const tous = await marc.trpc.instruction.dashboard.query({
    demarcheId: ctx.demarcheId,
    tab: "tous",
  });
  assert.ok(tous.dossiers.some((d) => d.id === id));
  // The jobs queued on SQLite run on PostgreSQL.
  await pg.worker.drain();
  await pg.catcher!.waitFor((m) =>
    m.to.includes("camille@exemple.fr") && m.subject.includes(String(ctx.dossiers.accepte))
  );
});

move("a target holding rows is refused, and left as it was", async (ctx) => {
  const before = await ctx.pg!.deps.db.selectFrom("dossiers").select("id").execute();
  const result = await migrate(ctx.t.dataDir, ctx.target.url);
  assert.is(result.code, 1);
  assert.match(result.stderr, /La base PostgreSQL cible n’est pas vide/);
  assert.match(result.stderr, /Créez une base neuve/);
  const after = await ctx.pg!.deps.db.selectFrom("dossiers").select("id").execute();
  assert.equal(after, before);
});

move("a DATA_DIR without SQLite file is refused in French", async (ctx) => {
  const empty = await Deno.makeTempDir({ prefix: "guichet-vide-" });
  const target = await emptyDatabase();
  try {
    const result = await migrate(empty, target.url);
    assert.is(result.code, 1);
    assert.match(result.stderr, /Aucune base Guichet SQLite à copier/);
    assert.not.ok(await Deno.stat(`${empty}/guichet.sqlite`).catch(() => null));
  } finally {
    await target.drop();
    await Deno.remove(empty, { recursive: true });
  }
  void ctx;
});

move.run();
