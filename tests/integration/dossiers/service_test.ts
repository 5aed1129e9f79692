import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import {
  type Agent,
  signedUpAgent,
  startTestInstance,
  superAdminAgent,
  type TestInstance,
} from "../../helpers/instance.ts";
import { refusal } from "../../helpers/refusal.ts";
import { invitedAgent } from "../../helpers/people.ts";

const FORM = {
  champs: [
    { stableId: "nom_bateau", type: "text", label: "Nom du bateau", mandatory: true },
    {
      stableId: "zone",
      type: "drop_down_list",
      label: "Zone",
      mandatory: true,
      options: { choices: ["Atlantique", "Manche"] },
    },
    { stableId: "moteur", type: "yes_no", label: "Moteur", mandatory: true },
    {
      stableId: "puissance",
      type: "integer_number",
      label: "Puissance (kW)",
      mandatory: true,
      options: { min: 1 },
      condition: { op: "eq", champ: "moteur", value: true },
    },
    {
      stableId: "proprietaires",
      type: "repetition",
      label: "Propriétaires précédents",
      children: [{ stableId: "pp_nom", type: "text", label: "Nom", mandatory: true }],
    },
  ],
  annotations: [],
};

async function publishedDemarche(
  admin: Agent["trpc"],
  opts: { titre: string; path: string; mode?: "instruction" | "declarative_accepte" },
) {
  const { id } = await admin.admin.demarches.create.mutate({ titre: opts.titre });
  await admin.admin.demarches.updateSettings.mutate({
    id,
    titre: opts.titre,
    mode: opts.mode ?? "instruction",
    service: { nom: "Service nautique", organisme: "Mairie", email: "nautique@mairie.fr" },
    siteWeb: "https://www.mairie.fr",
  });
  await admin.admin.demarches.saveForm.mutate({ id, form: FORM });
  const [defaut] = await admin.admin.demarches.groupes.list.query({ demarcheId: id });
  await admin.admin.demarches.groupes.addInstructeur.mutate({
    demarcheId: id,
    groupeId: defaut.id,
    email: "instructeur@mairie.fr",
  });
  const { id: manche } = await admin.admin.demarches.groupes.add.mutate({
    demarcheId: id,
    label: "Manche",
  });
  await admin.admin.demarches.groupes.setRule.mutate({
    demarcheId: id,
    groupeId: manche,
    rule: { op: "eq", champ: "zone", value: "Manche" },
  });
  await admin.admin.demarches.publish.mutate({ id, path: opts.path });
  return { id, manche, defaut: defaut.id };
}

const dossiers = suite<
  { t: TestInstance; admin: Agent["trpc"]; usager: Agent; demarche: { id: number; manche: number } }
>(
  "usager dossiers",
);
dossiers.before(async (ctx) => {
  ctx.t = await startTestInstance();
  ctx.admin = (await superAdminAgent(ctx.t)).trpc;
  ctx.demarche = await publishedDemarche(ctx.admin, {
    titre: "Titre de navigation",
    path: "titre-navigation",
  });
  ctx.usager = await signedUpAgent(ctx.t, "proprietaire@exemple.fr");
});
dossiers.after(async (ctx) => {
  await ctx.t.stop();
});

dossiers("anyone reads the démarche's page; starting a dossier needs an account", async ({ t }) => {
  const page = await t.agent().trpc.usager.demarche.query({ path: "titre-navigation" });
  assert.is(page.titre, "Titre de navigation");
  assert.ok(page.open);
  const e = await refusal(t.agent().trpc.usager.start.mutate({ path: "titre-navigation" }));
  assert.is(e.data?.httpStatus, 401);
  const unknown = await refusal(t.agent().trpc.usager.demarche.query({ path: "nulle-part" }));
  assert.is(unknown.data?.httpStatus, 404);
});

dossiers(
  "typed values are kept even when invalid, with the type's French message",
  async ({ usager }) => {
    const { id } = await usager.trpc.usager.start.mutate({ path: "titre-navigation" });
    const r = await usager.trpc.usager.save.mutate({
      id,
      values: { moteur: true, puissance: "beaucoup" },
    });
    assert.equal(r.values, { moteur: true, puissance: "beaucoup" });
    assert.match(r.errors.puissance, /Puissance/);
    const d = await usager.trpc.usager.dossier.query({ id });
    assert.is(d.state, "brouillon");
    assert.is(d.values.puissance, "beaucoup");
  },
);

dossiers(
  "deposer() lists every problem at once, conditional champs only when shown",
  async ({ usager }) => {
    const { id } = await usager.trpc.usager.start.mutate({ path: "titre-navigation" });
    await usager.trpc.usager.save.mutate({ id, values: { moteur: false, proprietaires: [{}] } });
    const e = await refusal(usager.trpc.usager.deposer.mutate({ id }));
    assert.is(e.data?.httpStatus, 400);
    const fields = (e.data as { fields: Record<string, string> }).fields;
    assert.equal(Object.keys(fields).sort(), ["nom_bateau", "proprietaires.0.pp_nom", "zone"]);
    assert.match(fields.nom_bateau, /Le champ « Nom du bateau » est obligatoire/);
    await usager.trpc.usager.save.mutate({ id, values: { moteur: true } });
    const again = await refusal(usager.trpc.usager.deposer.mutate({ id }));
    assert.ok("puissance" in (again.data as { fields: Record<string, string> }).fields);
  },
);

dossiers(
  "a deposited dossier is routed, counted and e-mailed; its owner edits a working copy",
  async ({ t, usager, admin, demarche }) => {
    const { id } = await usager.trpc.usager.start.mutate({ path: "titre-navigation" });
    await usager.trpc.usager.save.mutate({
      id,
      values: {
        nom_bateau: "Belle-Île",
        zone: "Manche",
        moteur: true,
        puissance: "12",
        proprietaires: [{ pp_nom: "Yann" }],
      },
    });
    await usager.trpc.usager.deposer.mutate({ id });
    const d = await usager.trpc.usager.dossier.query({ id });
    assert.is(d.state, "en_construction");
    assert.is(d.values.puissance, 12);
    assert.equal(d.events.map((e) => e.event), ["deposer"]);
    const mail = await t.mail("proprietaire@exemple.fr", `Votre dossier n° ${id} est déposé`);
    assert.match(mail.text, /Titre de navigation/);
    const row = await t.deps.db.selectFrom("dossiers").select("groupe_id").where("id", "=", id)
      .executeTakeFirstOrThrow();
    assert.is(row.groupe_id, demarche.manche);
    const [listed] = (await admin.admin.catalogue.list.query({})).filter((x) =>
      x.id === demarche.id
    );
    assert.is(listed, undefined, "one dossier is far from the catalogue's 30");
    const counter = await t.deps.db.selectFrom("demarches").select("deposited_dossiers_count")
      .where("id", "=", demarche.id)
      .executeTakeFirstOrThrow();
    assert.ok(counter.deposited_dossiers_count >= 1);
    const twice = await refusal(usager.trpc.usager.deposer.mutate({ id }));
    assert.is(twice.data?.httpStatus, 409);
    // Still editable, but as a working copy: the deposit stays as it was until re-deposited.
    await usager.trpc.usager.save.mutate({ id, values: { nom_bateau: "Autre" } });
    const stored = await t.deps.db.selectFrom("dossiers").select(["champ_values", "pending_values"])
      .where("id", "=", id).executeTakeFirstOrThrow();
    assert.is(JSON.parse(stored.champ_values).nom_bateau, "Belle-Île");
    assert.is(JSON.parse(stored.pending_values!).nom_bateau, "Autre");
  },
);

dossiers(
  "another person cannot read, fill, deposit or delete someone's dossier",
  async ({ t, usager }) => {
    const { id } = await usager.trpc.usager.start.mutate({ path: "titre-navigation" });
    const other = await signedUpAgent(t, "curieux@exemple.fr");
    for (
      const attempt of [
        () => other.trpc.usager.dossier.query({ id }),
        () => other.trpc.usager.save.mutate({ id, values: { nom_bateau: "X" } }),
        () => other.trpc.usager.deposer.mutate({ id }),
        () => other.trpc.usager.delete.mutate({ id }),
      ]
    ) {
      assert.is((await refusal(attempt())).data?.httpStatus, 404);
    }
    assert.not.ok((await other.trpc.usager.dossiers.query({})).some((d) => d.id === id));
  },
);

dossiers("a dossier goes to the bin and comes back", async ({ usager }) => {
  const { id } = await usager.trpc.usager.start.mutate({ path: "titre-navigation" });
  await usager.trpc.usager.delete.mutate({ id });
  assert.not.ok((await usager.trpc.usager.dossiers.query({})).some((d) => d.id === id));
  assert.ok(
    (await usager.trpc.usager.dossiers.query({ corbeille: true })).some((d) => d.id === id),
  );
  await usager.trpc.usager.restore.mutate({ id });
  assert.ok((await usager.trpc.usager.dossiers.query({})).some((d) => d.id === id));
});

dossiers(
  "a declarative « accepté » démarche accepts the dossier by itself, recorded as automatic",
  async ({ t, admin, usager }) => {
    await publishedDemarche(admin, {
      titre: "Recensement",
      path: "recensement",
      mode: "declarative_accepte",
    });
    const { id } = await usager.trpc.usager.start.mutate({ path: "recensement" });
    await usager.trpc.usager.save.mutate({
      id,
      values: { nom_bateau: "Korrigan", zone: "Atlantique", moteur: false },
    });
    await usager.trpc.usager.deposer.mutate({ id });
    await t.flush();
    const d = await usager.trpc.usager.dossier.query({ id });
    assert.is(d.state, "accepte");
    assert.equal(d.events.map((e) => [e.event, e.automatic]), [["deposer", 0], [
      "accepter_automatiquement",
      1,
    ]]);
    await t.mail("proprietaire@exemple.fr", `Votre dossier n° ${id} est accepté`);
  },
);

dossiers("a closed démarche refuses new dossiers with the reason", async ({ admin, usager }) => {
  const { id } = await publishedDemarche(admin, { titre: "Close bientôt", path: "close-bientot" });
  await admin.admin.demarches.close.mutate({ id });
  const page = await usager.trpc.usager.demarche.query({ path: "close-bientot" });
  assert.not.ok(page.open);
  const e = await refusal(usager.trpc.usager.start.mutate({ path: "close-bientot" }));
  assert.match(e.message, /close/);
});

dossiers(
  "a démarche en test takes test dossiers at /commencer/test/<path>",
  async ({ t, admin, usager }) => {
    const { id } = await admin.admin.demarches.create.mutate({ titre: "Essai" });
    await admin.admin.demarches.saveForm.mutate({ id, form: FORM });
    const { path } = await admin.admin.demarches.get.query({ id });
    const none = await refusal(usager.trpc.usager.start.mutate({ path: path! }));
    assert.is(none.data?.httpStatus, 404);
    // Test mode is for the démarche's administrators and instructeurs: to anyone else it
    // does not exist, and a signed-out visitor is asked to sign in.
    for (
      const attempt of [
        () => usager.trpc.usager.demarche.query({ path: path!, test: true }),
        () => usager.trpc.usager.start.mutate({ path: path!, test: true }),
        () => usager.trpc.usager.mesDossiersSur.query({ path: path!, test: true }),
      ]
    ) assert.is((await refusal(attempt())).data?.httpStatus, 404);
    const anonymous = await refusal(
      t.agent().trpc.usager.demarche.query({ path: path!, test: true }),
    );
    assert.is(anonymous.data?.httpStatus, 401);
    assert.match(anonymous.message, /Connectez-vous/);
    assert.is((await admin.usager.demarche.query({ path: path!, test: true })).test, true);
    const [groupe] = await admin.admin.demarches.groupes.list.query({ demarcheId: id });
    await admin.admin.demarches.groupes.addInstructeur.mutate({
      demarcheId: id,
      groupeId: groupe.id,
      email: "testeuse@mairie.fr",
    });
    const testeuse = await invitedAgent(t, "testeuse@mairie.fr");
    const { id: dossier } = await testeuse.trpc.usager.start.mutate({ path: path!, test: true });
    assert.ok((await testeuse.trpc.usager.dossier.query({ id: dossier })).test);
    await testeuse.trpc.usager.save.mutate({
      id: dossier,
      values: { nom_bateau: "Test", zone: "Manche", moteur: false },
    });
    await testeuse.trpc.usager.deposer.mutate({ id: dossier });
    const counter = await t.deps.db.selectFrom("demarches").select("deposited_dossiers_count")
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    assert.is(counter.deposited_dossiers_count, 0, "test dossiers do not count");
    await admin.admin.demarches.updateSettings.mutate({
      id,
      titre: "Essai",
      service: { nom: "Service", organisme: "Mairie", email: "service@mairie.fr" },
      siteWeb: "https://www.mairie.fr",
    });
    await admin.admin.demarches.publish.mutate({ id, path: path! });
    const gone = await refusal(testeuse.trpc.usager.dossier.query({ id: dossier }));
    assert.is(gone.data?.httpStatus, 404, "test dossiers are deleted at publication");
  },
);

dossiers(
  "a new revision moves brouillons and dossiers en construction, not those en instruction",
  async ({ t, admin, usager }) => {
    const { id: demarcheId } = await publishedDemarche(admin, {
      titre: "Révisions",
      path: "revisions",
    });
    const start = async () => (await usager.trpc.usager.start.mutate({ path: "revisions" })).id;
    const brouillon = await start();
    await usager.trpc.usager.save.mutate({ id: brouillon, values: { nom_bateau: "Gardé" } });
    await admin.admin.demarches.saveForm.mutate({
      id: demarcheId,
      form: {
        ...FORM,
        champs: [...FORM.champs, { stableId: "port", type: "text", label: "Port d’attache" }],
      },
    });
    await admin.admin.demarches.publish.mutate({ id: demarcheId, path: "revisions" });
    const d = await usager.trpc.usager.dossier.query({ id: brouillon });
    assert.ok(d.champs.some((c) => c.stableId === "port"), "the brouillon shows the new champ");
    assert.is(d.values.nom_bateau, "Gardé", "values are kept by stable id");
    const revisions = await t.deps.db.selectFrom("revisions").select(["id", "number"])
      .where("demarche_id", "=", demarcheId).orderBy("number").execute();
    assert.is(revisions.length, 2);
  },
);

dossiers.run();
