/**
 * What an upload may be, decided by the server alone: the champ's formats and size checked
 * on receipt (the upload names its dossier and champ) and again when the dossier is saved or
 * deposited, from the stored file; names and types shown as stored, not as the client said;
 * the per-account quota of files not yet deposited, the upload rate, and bodies that lie
 * about their length.
 */
import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import { zipSync } from "fflate";
import {
  type Agent,
  BASE_URL,
  signedUpAgent,
  startTestInstance,
  superAdminAgent,
  type TestInstance,
} from "../../helpers/instance.ts";
import { invitedAgent } from "../../helpers/people.ts";
import { publishedDemarche } from "../../helpers/demarche.ts";
import { refusal } from "../../helpers/refusal.ts";

/** A PDF of `size` bytes: a real header, then padding in a comment. */
function pdfOf(size: number): Uint8Array<ArrayBuffer> {
  const head = new TextEncoder().encode("%PDF-1.4\n%âãÏÓ\n");
  const tail = new TextEncoder().encode("\n%%EOF\n");
  const bytes = new Uint8Array(size).fill(0x25);
  bytes.set(head, 0);
  bytes.set(tail, size - tail.length);
  return bytes;
}

const ZIP = zipSync({ "lisezmoi.txt": new TextEncoder().encode("bonjour") });

interface Ctx {
  t: TestInstance;
  now: Date;
  usager: Agent;
  marc: Agent;
}

async function send(
  agent: Agent,
  bytes: Uint8Array<ArrayBuffer> | ReadableStream<Uint8Array>,
  opts: { name: string; type?: string; query?: string; headers?: Record<string, string> },
) {
  const res = await agent.fetch(`${BASE_URL}/files${opts.query ?? ""}`, {
    method: "POST",
    body: bytes,
    headers: {
      "content-type": opts.type ?? "application/pdf",
      "x-filename": encodeURIComponent(opts.name),
      ...opts.headers,
    },
  });
  return { status: res.status, body: await res.json() };
}

/** Every blob on disk, finished or not. */
async function blobsOnDisk(t: TestInstance): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string) => {
    for await (const e of Deno.readDir(dir)) {
      if (e.isDirectory) await walk(`${dir}/${e.name}`);
      else found.push(e.name);
    }
  };
  await walk(`${t.dataDir}/files`);
  return found.sort();
}

const limits = suite<Ctx>("files: limits the server enforces");
limits.before(async (ctx) => {
  ctx.now = new Date("2026-03-02T09:00:00Z");
  ctx.t = await startTestInstance({ clock: () => ctx.now, env: { UPLOAD_QUOTA_MB: "5" } });
  await publishedDemarche(await superAdminAgent(ctx.t), {
    titre: "Carte de pêche",
    path: "carte-peche",
    form: {
      champs: [
        {
          stableId: "photo",
          type: "piece_justificative",
          label: "Photo d’identité",
          mandatory: true,
          options: { families: ["image_scan"], maxSizeMb: 1 },
        },
        { stableId: "nom", type: "text", label: "Nom" },
      ],
      annotations: [],
    },
  });
  ctx.marc = await invitedAgent(ctx.t, "marc@mairie.fr");
  ctx.usager = await signedUpAgent(ctx.t, "pecheur@exemple.fr");
});
limits.after(async (ctx) => {
  await ctx.t.stop();
});

const start = async (agent: Agent) =>
  (await agent.trpc.usager.start.mutate({ path: "carte-peche" })).id;
const target = (dossier: number, champ = "photo") => `?dossier=${dossier}&champ=${champ}`;

limits("a ZIP declared image/png is refused, on receipt and at save", async ({ t, usager }) => {
  const dossier = await start(usager);
  const named = await send(usager, ZIP, {
    name: "photo.png",
    type: "image/png",
    query: target(dossier),
  });
  assert.is(named.status, 400);
  assert.match(named.body.error.message, /n’est pas accepté pour le champ « Photo d’identité »/);
  assert.match(named.body.error.message, /images et scans/);

  // A client that does not name the champ: the ZIP is stored as what it is…
  const bare = await send(usager, ZIP, { name: "photo.png", type: "image/png" });
  assert.is(bare.status, 201);
  assert.is(bare.body.mime, "application/zip");
  // …and whatever the value says of it, the champ refuses it.
  const saved = await usager.trpc.usager.save.mutate({
    id: dossier,
    values: {
      photo: [{ fileId: bare.body.id, filename: "photo.png", size: 1000, mime: "image/png" }],
    },
  });
  assert.match(saved.errors.photo, /format du fichier « photo\.png\.zip » n’est pas accepté/);
  const refused = await refusal(usager.trpc.usager.deposer.mutate({ id: dossier }));
  assert.match(
    (refused.data as { fields: Record<string, string> }).fields.photo,
    /n’est pas accepté/,
  );
  const row = await t.deps.db.selectFrom("dossiers").select("state").where("id", "=", dossier)
    .executeTakeFirstOrThrow();
  assert.is(row.state, "brouillon");
});

limits(
  "a 3 MB PDF declared 1000 B is refused for a 1 Mo champ, on receipt and at deposit",
  async ({ t, usager }) => {
    const dossier = await start(usager);
    const before = await blobsOnDisk(t);
    const named = await send(usager, pdfOf(3 * 1024 * 1024), {
      name: "scan.pdf",
      query: target(dossier),
    });
    assert.is(named.status, 413);
    assert.match(named.body.error.message, /taille maximale de 1 Mo du champ « Photo d’identité »/);
    assert.equal(await blobsOnDisk(t), before, "nothing left on disk");

    const bare = await send(usager, pdfOf(3 * 1024 * 1024), { name: "scan.pdf" });
    assert.is(bare.status, 201);
    const saved = await usager.trpc.usager.save.mutate({
      id: dossier,
      values: {
        photo: [{
          fileId: bare.body.id,
          filename: "scan.pdf",
          size: 1000,
          mime: "application/pdf",
        }],
      },
    });
    assert.match(saved.errors.photo, /dépasse la taille maximale de 1 Mo/);
    // The value keeps what the server measured, not the 1000 B it was told.
    assert.is((saved.values.photo as { size: number }[])[0].size, 3 * 1024 * 1024);
    const refused = await refusal(usager.trpc.usager.deposer.mutate({ id: dossier }));
    assert.match(
      (refused.data as { fields: Record<string, string> }).fields.photo,
      /dépasse la taille maximale de 1 Mo/,
    );
  },
);

limits(
  "a file's name, size and type shown come from the stored file, not from the value sent",
  async ({ usager, marc }) => {
    const dossier = await start(usager);
    const pdf = await send(usager, pdfOf(2000), {
      name: "facture\u202Efdp.exe",
      query: target(dossier),
    });
    assert.is(pdf.status, 201);
    assert.is(pdf.body.filename, "facturefdp.exe.pdf");
    await usager.trpc.usager.save.mutate({
      id: dossier,
      values: {
        photo: [{ fileId: pdf.body.id, filename: "photo.png", size: 1000, mime: "image/png" }],
      },
    });
    const own = await usager.trpc.usager.dossier.query({ id: dossier });
    assert.equal(own.values.photo, [
      { fileId: pdf.body.id, filename: "facturefdp.exe.pdf", size: 2000, mime: "application/pdf" },
    ]);
    await usager.trpc.usager.deposer.mutate({ id: dossier });
    const seen = await marc.trpc.instruction.dossier.query({ id: dossier });
    assert.equal(seen.values.photo, [
      { fileId: pdf.body.id, filename: "facturefdp.exe.pdf", size: 2000, mime: "application/pdf" },
    ]);
    const res = await marc.fetch(`${BASE_URL}/files/${pdf.body.id}`);
    assert.is(res.status, 200);
    assert.is(res.headers.get("content-type"), "application/pdf");
    assert.is(
      res.headers.get("content-disposition"),
      "attachment; filename*=UTF-8''facturefdp.exe.pdf",
    );
    await res.body?.cancel();
  },
);

limits("an upload naming a champ it may not fill is refused", async ({ t, usager }) => {
  const dossier = await start(usager);
  const other = await signedUpAgent(t, "curieux@exemple.fr");
  const foreign = await send(other, pdfOf(2000), { name: "a.pdf", query: target(dossier) });
  assert.is(foreign.status, 404);
  const text = await send(usager, pdfOf(2000), { name: "a.pdf", query: target(dossier, "nom") });
  assert.is(text.status, 400);
  assert.match(text.body.error.message, /Le champ « Nom » ne prend pas de fichier/);
  const half = await send(usager, pdfOf(2000), { name: "a.pdf", query: "?champ=photo" });
  assert.is(half.status, 400);
  assert.match(half.body.error.message, /Indiquez à la fois le dossier et le champ/);
});

limits(
  "a chunked or lying upload stops at the limit: 413, not read further, nothing on disk",
  async ({ t, usager }) => {
    const dossier = await start(usager);
    const before = await blobsOnDisk(t);
    const chunk = pdfOf(64 * 1024);
    let pulled = 0;
    // 200 chunks of 64 KiB (12.5 MiB) without a Content-Length, for a 1 Mo champ.
    const endless = () =>
      new ReadableStream<Uint8Array>({
        pull(controller) {
          if (pulled >= 200 * chunk.length) return controller.close();
          pulled += chunk.length;
          controller.enqueue(chunk.slice());
        },
      });
    const chunked = await send(usager, endless(), { name: "gros.pdf", query: target(dossier) });
    assert.is(chunked.status, 413);
    assert.match(chunked.body.error.message, /taille maximale de 1 Mo du champ/);
    assert.ok(pulled <= 1024 * 1024 + 4 * chunk.length, `read ${pulled} bytes`);
    assert.equal(await blobsOnDisk(t), before);

    // A Content-Length that lies (1000) changes nothing: the bytes are counted.
    pulled = 0;
    const lying = await send(usager, endless(), {
      name: "gros.pdf",
      query: target(dossier),
      headers: { "content-length": "1000" },
    });
    assert.is(lying.status, 413);
    assert.equal(await blobsOnDisk(t), before);

    // Without a champ, the account's quota (5 Mo here) is the limit.
    pulled = 0;
    const quota = await send(usager, endless(), { name: "gros.pdf" });
    assert.is(quota.status, 413);
    assert.match(quota.body.error.message, /espace de 5 Mo pour les fichiers pas encore déposés/);
    assert.ok(pulled < 6 * 1024 * 1024, `read ${pulled} bytes`);
    assert.equal(await blobsOnDisk(t), before);
  },
);

limits(
  "the quota counts uploads unattached or in brouillons; deposited files free it",
  async ({ t }) => {
    const camille = await signedUpAgent(t, "camille@exemple.fr");
    const dossier = await start(camille);
    const first = await send(camille, pdfOf(900 * 1024), { name: "a.pdf", query: target(dossier) });
    assert.is(first.status, 201);
    await camille.trpc.usager.save.mutate({
      id: dossier,
      values: { photo: [{ fileId: first.body.id }] },
    });
    for (let i = 0; i < 4; i++) {
      assert.is((await send(camille, pdfOf(1024 * 1024), { name: `b${i}.pdf` })).status, 201);
    }
    // 0.9 + 4 Mo kept, 0.1 Mo left of 5 Mo: even a declared 200 KB is refused before reading.
    const full = await send(camille, pdfOf(200 * 1024), { name: "c.pdf" });
    assert.is(full.status, 413);
    assert.match(full.body.error.message, /votre espace de 5 Mo/);
    assert.match(full.body.error.message, /Déposez vos dossiers ou retirez des fichiers/);
    await camille.trpc.usager.deposer.mutate({ id: dossier });
    assert.is((await send(camille, pdfOf(200 * 1024), { name: "c.pdf" })).status, 201);
  },
);

limits("an account sends at most 60 files a minute, then 429 in French", async (ctx) => {
  const dominique = await signedUpAgent(ctx.t, "dominique@exemple.fr");
  for (let i = 0; i < 60; i++) {
    assert.is((await send(dominique, pdfOf(100), { name: `f${i}.pdf` })).status, 201);
  }
  const over = await send(dominique, pdfOf(100), { name: "encore.pdf" });
  assert.is(over.status, 429);
  assert.match(
    over.body.error.message,
    /60 fichiers en moins d’une minute : attendez \d+ secondes/,
  );
  // Someone else is not held up.
  assert.is((await send(ctx.usager, pdfOf(100), { name: "moi.pdf" })).status, 201);
  ctx.now = new Date(ctx.now.getTime() + 61_000);
  assert.is((await send(dominique, pdfOf(100), { name: "encore.pdf" })).status, 201);
});

limits.run();
