/**
 * `publishedForm`: a published revision's form is read once per database, then kept by the
 * revision's id, so that an autosave does not read it again. Kept only once it is known
 * committed: on SQLite, the id of a revision inserted by a transaction that rolled back is
 * handed out again, to a revision with another form.
 */
import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import {
  signedUpAgent,
  startTestInstance,
  superAdminAgent,
  type TestInstance,
} from "../../helpers/instance.ts";
import { publishedDemarche } from "../../helpers/demarche.ts";
import { publishedForm } from "../../../core/dossiers/form_cache.ts";
import { writeTransaction } from "../../../core/db/transaction.ts";
import { type Db, dialectOf } from "../../../core/db/mod.ts";

interface Ctx {
  t: TestInstance;
  demarcheId: number;
  revisionId: number;
}

const FORM = {
  champs: [{ stableId: "nom", type: "text", label: "Nom du bateau" }],
  annotations: [],
};

/** The stored form of `FORM` with its one champ called `label`. */
const formLabelled = (label: string) =>
  JSON.stringify({ ...FORM, champs: [{ ...FORM.champs[0], label }] });

const publishedRevision = async (t: TestInstance, path: string) => {
  const demarcheId = await publishedDemarche(await superAdminAgent(t), {
    titre: "Titre de navigation",
    path,
    form: FORM,
  });
  const row = await t.deps.db.selectFrom("demarches").select("published_revision_id")
    .where("id", "=", demarcheId).executeTakeFirstOrThrow();
  return { demarcheId, revisionId: row.published_revision_id! };
};

/** Inserts a revision of the démarche with the form `json`, on `db` (the root or a transaction). */
const insertRevision = async (db: Db, demarcheId: number, number: number, json: string) =>
  (await db.insertInto("revisions").values({
    demarche_id: demarcheId,
    number,
    form: json,
    published_at: new Date().toISOString(),
    published_by: null,
  }).returning("id").executeTakeFirstOrThrow()).id;

const forms = suite<Ctx>("formulaires publiés gardés par révision");
forms.before(async (ctx) => {
  ctx.t = await startTestInstance();
  Object.assign(ctx, await publishedRevision(ctx.t, "titre-navigation"));
});
forms.after(async ({ t }) => await t.stop());

forms("a published form is read once, then kept by its revision's id", async (ctx) => {
  const { t, revisionId } = ctx;
  const first = await publishedForm(t.deps.db, revisionId);
  assert.is(first.champs[0].label, "Nom du bateau");
  // Revisions never change; this one is changed behind Guichet's back to show it is not read.
  await t.deps.db.updateTable("revisions").set({ form: formLabelled("Lu deux fois") })
    .where("id", "=", revisionId).execute();
  assert.is(await publishedForm(t.deps.db, revisionId), first);
  // A save reads it from there too: the usager's dossier is checked against the kept form.
  const usager = await signedUpAgent(t, "proprietaire@exemple.fr");
  const { id } = await usager.trpc.usager.start.mutate({ path: "titre-navigation" });
  const saved = await usager.trpc.usager.save.mutate({ id, values: { nom: "Le Goéland" } });
  assert.equal(saved.values, { nom: "Le Goéland" });
  const page = await usager.trpc.usager.dossier.query({ id });
  assert.is(page.champs[0].label, "Nom du bateau");
});

forms("a form read by a transaction that rolls back is not kept for the id it had", async (ctx) => {
  const { t, demarcheId } = ctx;
  const db = t.deps.db;
  let rolledBack = 0;
  const failed = await writeTransaction(db, async (trx) => {
    rolledBack = await insertRevision(trx, demarcheId, 90, formLabelled("Annulé"));
    assert.is((await publishedForm(trx, rolledBack)).champs[0].label, "Annulé");
    throw new Error("publication annulée");
  }).catch((e: Error) => e.message);
  assert.is(failed, "publication annulée");
  const kept = await insertRevision(db, demarcheId, 91, formLabelled("Publié"));
  // SQLite hands the rolled-back id out again (its AUTOINCREMENT counter rolled back too);
  // PostgreSQL's sequences never give an id twice.
  if (dialectOf(db) === "sqlite") assert.is(kept, rolledBack);
  assert.is((await publishedForm(db, kept)).champs[0].label, "Publié");
});

forms("a form read by a transaction is kept once it commits", async (ctx) => {
  const { t, demarcheId } = ctx;
  const db = t.deps.db;
  const id = await writeTransaction(db, async (trx) => {
    const id = await insertRevision(trx, demarcheId, 92, formLabelled("Validé"));
    assert.is((await publishedForm(trx, id)).champs[0].label, "Validé");
    return id;
  });
  await db.updateTable("revisions").set({ form: formLabelled("Relu") }).where("id", "=", id)
    .execute();
  assert.is((await publishedForm(db, id)).champs[0].label, "Validé");
});

forms("two instances in one process keep their own forms for the same id", async (ctx) => {
  const other = await startTestInstance();
  try {
    const theirs = await publishedDemarche(await superAdminAgent(other), {
      titre: "Autre démarche",
      path: "autre-demarche",
      form: { ...FORM, champs: [{ ...FORM.champs[0], label: "Nom du navire" }] },
    });
    const row = await other.deps.db.selectFrom("demarches").select("published_revision_id")
      .where("id", "=", theirs).executeTakeFirstOrThrow();
    // The first revision of each database: the same id, two forms.
    assert.is(row.published_revision_id, ctx.revisionId);
    assert.is(
      (await publishedForm(ctx.t.deps.db, ctx.revisionId)).champs[0].label,
      "Nom du bateau",
    );
    assert.is(
      (await publishedForm(other.deps.db, ctx.revisionId)).champs[0].label,
      "Nom du navire",
    );
    assert.is(
      (await publishedForm(ctx.t.deps.db, ctx.revisionId)).champs[0].label,
      "Nom du bateau",
    );
  } finally {
    await other.stop();
  }
});

forms.run();
