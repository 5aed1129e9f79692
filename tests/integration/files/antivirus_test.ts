/**
 * The antivirus, through Debian's real clamd started by the test with its own one-line
 * signature database (EICAR): an upload is « en cours de vérification » until clamd has read
 * it; EICAR is found, its bytes removed, its download and the dossier's deposit refused with
 * French messages naming the champ; a clean file is found sound; with clamd down the file
 * waits, the super-admin sees why, and it is scanned once clamd is back. Without a scanner,
 * files are sound at once.
 */
import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import {
  type Agent,
  BASE_URL,
  signedUpAgent,
  startTestInstance,
  superAdminAgent,
  type TestInstance,
} from "../../helpers/instance.ts";
import { publishedDemarche } from "../../helpers/demarche.ts";
import { refusal } from "../../helpers/refusal.ts";
import { type Clamd, EICAR, startClamd } from "../../helpers/clamd.ts";

interface Ctx {
  t: TestInstance;
  now: Date;
  clamd: Clamd;
  usager: Agent;
  admin: Agent;
}

const FORM = {
  champs: [
    {
      stableId: "justificatif",
      type: "piece_justificative",
      label: "Justificatif de domicile",
      mandatory: true,
      options: {},
    },
  ],
  annotations: [],
};

async function send(agent: Agent, bytes: Uint8Array, name: string, dossier: number) {
  const res = await agent.fetch(`${BASE_URL}/files?dossier=${dossier}&champ=justificatif`, {
    method: "POST",
    body: new Uint8Array(bytes),
    headers: { "content-type": "text/plain", "x-filename": encodeURIComponent(name) },
  });
  return { status: res.status, body: await res.json() };
}

async function verification(agent: Agent, id: string) {
  const res = await agent.fetch(`${BASE_URL}/files/${id}/verification`);
  return await res.json() as { state: string; message: string | null };
}

async function download(agent: Agent, id: string) {
  const res = await agent.fetch(`${BASE_URL}/files/${id}`);
  return { status: res.status, text: await res.text() };
}

async function attach(agent: Agent, dossier: number, file: { id: string; filename: string }) {
  await agent.trpc.usager.save.mutate({
    id: dossier,
    values: {
      justificatif: [{ fileId: file.id, filename: file.filename, size: 1, mime: "text/plain" }],
    },
  });
}

async function blobExists(t: TestInstance, id: string): Promise<boolean> {
  const row = await t.deps.db.selectFrom("files").select("storage_key").where("id", "=", id)
    .executeTakeFirstOrThrow();
  const key = row.storage_key;
  return await Deno.stat(`${t.dataDir}/files/${key.slice(0, 2)}/${key.slice(2, 4)}/${key}`)
    .then(() => true, () => false);
}

const depositFields = async (agent: Agent, dossier: number) =>
  ((await refusal(agent.trpc.usager.deposer.mutate({ id: dossier }))).data as {
    fields: Record<string, string>;
  }).fields;

const antivirus = suite<Ctx>("files: the antivirus through a real clamd");
antivirus.before(async (ctx) => {
  ctx.now = new Date("2026-04-07T09:00:00Z");
  ctx.clamd = await startClamd({ streamMaxBytes: 64 * 1024 });
  ctx.t = await startTestInstance({
    clock: () => ctx.now,
    env: { CLAMD_SOCKET: ctx.clamd.socket },
  });
  ctx.admin = await superAdminAgent(ctx.t);
  await publishedDemarche(ctx.admin, { titre: "Carte de résident", path: "carte", form: FORM });
  ctx.usager = await signedUpAgent(ctx.t, "resident@exemple.fr");
});
antivirus.after(async (ctx) => {
  await ctx.t.stop();
  await ctx.clamd.close();
});

const start = async (agent: Agent) => (await agent.trpc.usager.start.mutate({ path: "carte" })).id;

antivirus(
  "EICAR waits, then is found infected: bytes removed, download and deposit refused",
  async ({ t, usager }) => {
    const dossier = await start(usager);
    const sent = await send(usager, EICAR, "eicar.txt", dossier);
    assert.is(sent.status, 201);
    assert.is(sent.body.scan, "en_attente");
    // The row and its scan job were written together.
    const jobs = await t.deps.db.selectFrom("jobs").select(["kind", "payload"])
      .where("kind", "=", "fichier.analyse_antivirus").execute();
    assert.ok(jobs.some((j) => JSON.parse(j.payload).fileId === sent.body.id));
    assert.is((await verification(usager, sent.body.id)).state, "en_attente");
    const waiting = await download(usager, sent.body.id);
    assert.is(waiting.status, 409);
    assert.match(waiting.text, /en cours de vérification par l’antivirus/);
    await attach(usager, dossier, sent.body);
    assert.match(
      (await depositFields(usager, dossier)).justificatif,
      /Le fichier « eicar\.txt » du champ « Justificatif de domicile » est en cours de vérification/,
    );

    await t.flush();
    const said = await verification(usager, sent.body.id);
    assert.is(said.state, "infecte");
    assert.match(said.message!, /contient un virus \(Eicar-Test-Signature\) : il a été supprimé/);
    assert.not.ok(await blobExists(t, sent.body.id), "the infected bytes are removed");
    const refused = await download(usager, sent.body.id);
    assert.is(refused.status, 409);
    assert.match(refused.text, /contient un virus/);
    assert.not.match(refused.text, /EICAR-STANDARD/);
    assert.match(
      (await depositFields(usager, dossier)).justificatif,
      /Le fichier « eicar\.txt » du champ « Justificatif de domicile » contient un virus \(Eicar-Test-Signature\)/,
    );
    const row = await t.deps.db.selectFrom("dossiers").select("state").where("id", "=", dossier)
      .executeTakeFirstOrThrow();
    assert.is(row.state, "brouillon");
  },
);

antivirus("a clean file is found sound: served, and the dossier deposits", async (ctx) => {
  const { t, usager } = ctx;
  const dossier = await start(usager);
  const sent = await send(
    usager,
    new TextEncoder().encode("Facture EDF, mars"),
    "edf.txt",
    dossier,
  );
  assert.is(sent.body.scan, "en_attente");
  await attach(usager, dossier, sent.body);
  await t.flush();
  assert.equal(await verification(usager, sent.body.id), { state: "sain", message: null });
  const served = await download(usager, sent.body.id);
  assert.is(served.status, 200);
  assert.is(served.text, "Facture EDF, mars");
  await usager.trpc.usager.deposer.mutate({ id: dossier });
  const row = await t.deps.db.selectFrom("dossiers").select("state").where("id", "=", dossier)
    .executeTakeFirstOrThrow();
  assert.is(row.state, "en_construction");
});

antivirus(
  "a file larger than clamd's StreamMaxLength is refused with a French reason",
  async ({ t, usager }) => {
    const dossier = await start(usager);
    const big = new TextEncoder().encode("ligne de relevé\n".repeat(10_000)); // ~170 Ko
    const sent = await send(usager, big, "releve.txt", dossier);
    await t.flush();
    const said = await verification(usager, sent.body.id);
    assert.is(said.state, "non_verifiable");
    assert.match(said.message!, /n’a pas pu être vérifié par l’antivirus et a été supprimé/);
    assert.match(said.message!, /dépasse la taille que l’antivirus du site peut vérifier/);
    assert.not.ok(await blobExists(t, sent.body.id));
  },
);

antivirus(
  "with clamd down, files wait, the super-admin sees why, and they are scanned when it is back",
  async (ctx) => {
    const { t, usager, admin, clamd } = ctx;
    const dossier = await start(usager);
    await clamd.stop();
    try {
      const clean = await send(usager, new TextEncoder().encode("Quittance"), "q.txt", dossier);
      const eicar = await send(usager, EICAR, "eicar.com.txt", dossier);
      await t.flush();
      assert.is((await verification(usager, clean.body.id)).state, "en_attente");
      assert.is((await verification(usager, eicar.body.id)).state, "en_attente");
      const seen = await admin.trpc.superadmin.antivirus.query();
      assert.equal(seen.scanners, ["ClamAV"]);
      assert.is(seen.waiting, 2);
      assert.match(seen.lastError!, /Antivirus « ClamAV » injoignable/);
      const failedJob = await admin.trpc.superadmin.jobs.list.query({ status: "pending" });
      assert.ok(failedJob.some((j) => /injoignable/.test(j.last_error ?? "")));
      assert.is((await download(usager, clean.body.id)).status, 409);
    } finally {
      await clamd.start();
    }
    ctx.now = new Date(ctx.now.getTime() + 60_000); // past the retry's backoff
    await t.flush();
    const files = await t.deps.db.selectFrom("files").select(["filename", "scan_state"])
      .where("filename", "in", ["q.txt", "eicar.com.txt"]).orderBy("filename").execute();
    assert.equal(files.map((f) => ({ ...f })), [
      { filename: "eicar.com.txt", scan_state: "infecte" },
      { filename: "q.txt", scan_state: "sain" },
    ]);
    const seen = await admin.trpc.superadmin.antivirus.query();
    assert.is(seen.waiting, 0);
    assert.is(seen.lastError, null);
  },
);

antivirus("only the super-admin reads the antivirus's state", async ({ usager }) => {
  const refused = await refusal(usager.trpc.superadmin.antivirus.query());
  assert.is(refused.data?.code, "FORBIDDEN");
});

antivirus.run();

const none = suite<{ t: TestInstance; usager: Agent }>("files: without an antivirus");
none.before(async (ctx) => {
  ctx.t = await startTestInstance();
  await publishedDemarche(await superAdminAgent(ctx.t), {
    titre: "Carte de résident",
    path: "carte",
    form: FORM,
  });
  ctx.usager = await signedUpAgent(ctx.t, "resident@exemple.fr");
});
none.after(async (ctx) => {
  await ctx.t.stop();
});

none("a file is sound at once, as before: no job, served and deposited", async ({ t, usager }) => {
  const dossier = await start(usager);
  const sent = await send(usager, EICAR, "eicar.txt", dossier);
  assert.is(sent.body.scan, "sain");
  const jobs = await t.deps.db.selectFrom("jobs").select("id")
    .where("kind", "=", "fichier.analyse_antivirus").execute();
  assert.is(jobs.length, 0);
  assert.is((await download(usager, sent.body.id)).status, 200);
  await attach(usager, dossier, sent.body);
  await usager.trpc.usager.deposer.mutate({ id: dossier });
});

none.run();
