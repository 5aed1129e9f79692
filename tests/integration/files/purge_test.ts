/**
 * The hourly purge of uploads attached to nothing: after 24 hours the row and the blob go;
 * a file attached to a dossier, or younger, stays.
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
import { invitedAgent } from "../../helpers/people.ts";
import { purgeUnattached } from "../../../core/files/purge.ts";

const PDF = new TextEncoder().encode("%PDF-1.4\n%âãÏÓ\n1 0 obj\n<< >>\nendobj\n%%EOF\n");

interface Ctx {
  t: TestInstance;
  now: Date;
  usager: Agent;
  marc: Agent;
}

async function upload(agent: Agent, name: string): Promise<string> {
  const res = await agent.fetch(`${BASE_URL}/files`, {
    method: "POST",
    body: PDF,
    headers: { "content-type": "application/pdf", "x-filename": name },
  });
  assert.is(res.status, 201);
  return (await res.json()).id;
}

async function blobExists(t: TestInstance, id: string): Promise<boolean> {
  const row = await t.deps.db.selectFrom("files").select("storage_key").where("id", "=", id)
    .executeTakeFirst();
  if (!row) return false;
  const k = row.storage_key;
  return await Deno.stat(`${t.dataDir}/files/${k.slice(0, 2)}/${k.slice(2, 4)}/${k}`)
    .then(() => true, () => false);
}

async function blobCount(t: TestInstance): Promise<number> {
  let n = 0;
  const walk = async (dir: string) => {
    for await (const e of Deno.readDir(dir)) {
      if (e.isDirectory) await walk(`${dir}/${e.name}`);
      else n++;
    }
  };
  await walk(`${t.dataDir}/files`);
  return n;
}

const purge = suite<Ctx>("files: purge of unattached uploads");
purge.before(async (ctx) => {
  ctx.now = new Date("2026-03-02T09:00:00Z");
  ctx.t = await startTestInstance({ clock: () => ctx.now });
  await publishedDemarche(await superAdminAgent(ctx.t), {
    titre: "Permis de construire",
    path: "permis",
    form: {
      champs: [{ stableId: "plan", type: "piece_justificative", label: "Plan" }],
      annotations: [{ stableId: "note", type: "piece_justificative", label: "Note interne" }],
    },
  });
  ctx.usager = await signedUpAgent(ctx.t, "batisseur@exemple.fr");
  ctx.marc = await invitedAgent(ctx.t, "marc@mairie.fr");
});
purge.after(async (ctx) => {
  await ctx.t.stop();
});

purge(
  "an annotation privée's file is attached to the dossier, as stored, so the purge keeps it",
  async (ctx) => {
    const { t, usager, marc } = ctx;
    const { id: dossier } = await usager.trpc.usager.start.mutate({ path: "permis" });
    await usager.trpc.usager.deposer.mutate({ id: dossier });
    const note = await upload(marc, "note.pdf");
    const saved = await marc.trpc.instruction.saveAnnotations.mutate({
      id: dossier,
      values: { note: [{ fileId: note, filename: "autre.png", size: 1, mime: "image/png" }] },
    });
    assert.equal(saved.errors, {});
    assert.equal(saved.values.note, [
      { fileId: note, filename: "note.pdf", size: PDF.length, mime: "application/pdf" },
    ]);
    const row = await t.deps.db.selectFrom("files").select(["attached_kind", "attached_id"])
      .where("id", "=", note).executeTakeFirstOrThrow();
    assert.equal({ ...row }, { attached_kind: "dossier", attached_id: dossier });
    assert.is((await usager.fetch(`${BASE_URL}/files/${note}`)).status, 404, "instructeurs only");
  },
);

purge("an upload left unattached 24 hours is deleted, row and blob", async (ctx) => {
  const { t, usager } = ctx;
  const { id: dossier } = await usager.trpc.usager.start.mutate({ path: "permis" });
  const left = await upload(usager, "oublie.pdf");
  const kept = await upload(usager, "plan.pdf");
  await usager.trpc.usager.save.mutate({ id: dossier, values: { plan: [{ fileId: kept }] } });
  const blobs = await blobCount(t);

  ctx.now = new Date(ctx.now.getTime() + 23 * 3_600_000);
  const fresh = await upload(usager, "recent.pdf");
  assert.is(await purgeUnattached(t.deps), 0, "nothing is 24 hours old yet");
  assert.ok(await blobExists(t, left));

  ctx.now = new Date(ctx.now.getTime() + 2 * 3_600_000);
  const leftRow = await t.deps.db.selectFrom("files").select("storage_key").where("id", "=", left)
    .executeTakeFirstOrThrow();
  assert.is(await purgeUnattached(t.deps), 1);
  assert.is(
    await t.deps.db.selectFrom("files").select("id").where("id", "=", left).executeTakeFirst(),
    undefined,
  );
  const k = leftRow.storage_key;
  assert.is(
    await Deno.stat(`${t.dataDir}/files/${k.slice(0, 2)}/${k.slice(2, 4)}/${k}`).then(
      () => true,
      () => false,
    ),
    false,
    "the blob is gone too",
  );
  assert.is(await blobCount(t), blobs, "one blob less, one more (the recent upload)");
  assert.ok(await blobExists(t, kept), "the dossier's file stays");
  assert.ok(await blobExists(t, fresh), "a younger upload stays");
  assert.is((await usager.fetch(`${BASE_URL}/files/${left}`)).status, 404);

  // Named again in the dossier, the purged file is missing on its champ.
  const saved = await usager.trpc.usager.save.mutate({
    id: dossier,
    values: { plan: [{ fileId: kept }, { fileId: left }] },
  });
  assert.match(saved.errors.plan, /introuvable : joignez-le à nouveau/);
});

purge.run();
