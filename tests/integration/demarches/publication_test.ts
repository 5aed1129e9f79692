// Publication, revisions, groupes, catalogue, definitions and fonctionnalités share one
// instance and one ready-to-publish démarche recipe, hence one file over 400 lines.
import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import * as v from "valibot";
import { definePlugin } from "../../../core/plugin_sdk/mod.ts";
import {
  type Agent,
  startTestInstance,
  superAdminAgent,
  type TestInstance,
  tokenFrom,
} from "../../helpers/instance.ts";
import { refusal } from "../../helpers/refusal.ts";
import { adminAgent } from "../../helpers/people.ts";

/** Two champ types, enough to build forms here; the real ones come from champs_standard. */
const testTypes = definePlugin({
  id: "types_publication",
  version: "1.0.0",
  label: "Types de test",
  host: "^1.0.0",
  settings: v.object({
    seuil: v.optional(v.pipe(v.number(), v.minValue(0, "Le seuil doit être positif.")), 1),
  }),
  register(api) {
    api.champType({
      type: "texte_test",
      label: "Texte",
      category: "standard",
      options: v.object({}),
      value: () => v.string(),
      toText: (x) => x,
    });
    api.champType({
      type: "choix_test",
      label: "Choix",
      category: "choix",
      options: v.object({ choices: v.optional(v.array(v.string()), []) }),
      value: () => v.string(),
      toText: (x) => x,
      conditionSource: "enum",
      choices: (o) => o.choices,
    });
  },
});

const FORM = {
  champs: [
    { stableId: "nom", type: "texte_test", label: "Nom du bateau", mandatory: true },
    {
      stableId: "zone",
      type: "choix_test",
      label: "Zone",
      options: { choices: ["Atlantique", "Manche"] },
    },
  ],
  annotations: [{ stableId: "avis", type: "texte_test", label: "Avis du secrétariat" }],
};

const SETTINGS = {
  titre: "Titre de navigation",
  service: { nom: "Service nautique", organisme: "Mairie de Brest", email: "nautique@brest.fr" },
  siteWeb: "https://www.brest.fr/demarches",
};

/** A démarche with everything publication needs but instructeurs. */
async function readyDemarche(admin: Agent): Promise<number> {
  const { id } = await admin.trpc.admin.demarches.create.mutate({ titre: SETTINGS.titre });
  await admin.trpc.admin.demarches.updateSettings.mutate({ id, ...SETTINGS });
  const saved = await admin.trpc.admin.demarches.saveForm.mutate({ id, form: FORM });
  assert.equal(saved.issues, []);
  return id;
}

const publication = suite<{ t: TestInstance; superAdmin: Agent; alice: Agent; bob: Agent }>(
  "demarches publication",
);
publication.before(async (ctx) => {
  ctx.t = await startTestInstance({
    extraPlugins: [{ source: "test", definition: testTypes }],
  });
  ctx.superAdmin = await superAdminAgent(ctx.t);
  ctx.alice = await adminAgent(ctx.t, ctx.superAdmin, "alice@mairie.fr");
  ctx.bob = await adminAgent(ctx.t, ctx.superAdmin, "bob@mairie.fr");
});
publication.after(async (ctx) => {
  await ctx.t.stop();
});

publication(
  "publish() lists what is missing, in French, and publishes nothing",
  async ({ alice }) => {
    const { id } = await alice.trpc.admin.demarches.create.mutate({ titre: "Incomplète" });
    const status = await alice.trpc.admin.demarches.publicationStatus.query({ id });
    assert.equal(status.missing.map((m) => m.section), [
      "parametres",
      "parametres",
      "parametres",
      "formulaire",
      "instructeurs",
    ]);
    const e = await refusal(alice.trpc.admin.demarches.publish.mutate({ id, path: "incomplete" }));
    assert.is(e.data?.httpStatus, 400);
    assert.match(e.message, /ne peut pas encore être publiée/);
    assert.is((await alice.trpc.admin.demarches.get.query({ id })).state, "brouillon");
  },
);

publication(
  "an invited instructeur gets an e-mail, sets a password and holds the role",
  async ({ t, alice }) => {
    const id = await readyDemarche(alice);
    const [defaut] = await alice.trpc.admin.demarches.groupes.list.query({ demarcheId: id });
    assert.ok(defaut.isDefault);
    await alice.trpc.admin.demarches.groupes.addInstructeur.mutate({
      demarcheId: id,
      groupeId: defaut.id,
      email: "claude@mairie.fr",
    });
    const [groupe] = await alice.trpc.admin.demarches.groupes.list.query({ demarcheId: id });
    assert.equal(groupe.instructeurs.map((i) => [i.email, i.pending]), [[
      "claude@mairie.fr",
      true,
    ]]);
    const mail = await t.mail("claude@mairie.fr", "Vous êtes instructeur");
    assert.match(mail.text, /Titre de navigation/);
    const claude = t.agent();
    await claude.trpc.auth.setPassword.mutate({
      token: tokenFrom(mail),
      password: "Instruire-Les-Dossiers-2026",
    });
    assert.equal((await claude.trpc.auth.session.query())?.roles, ["usager", "instructeur"]);
    const again = await refusal(alice.trpc.admin.demarches.groupes.addInstructeur.mutate({
      demarcheId: id,
      groupeId: defaut.id,
      email: "claude@mairie.fr",
    }));
    assert.is(again.data?.httpStatus, 409);
    // The instructeur cannot touch the form.
    const denied = await refusal(claude.trpc.admin.demarches.saveForm.mutate({ id, form: FORM }));
    assert.is(denied.data?.httpStatus, 403);
  },
);

publication(
  "publish() puts the démarche at its path; the path is then taken",
  async ({ alice, bob }) => {
    const id = await readyDemarche(alice);
    const [g] = await alice.trpc.admin.demarches.groupes.list.query({ demarcheId: id });
    await alice.trpc.admin.demarches.groupes.addInstructeur.mutate({
      demarcheId: id,
      groupeId: g.id,
      email: "dominique@mairie.fr",
    });
    const bad = await refusal(
      alice.trpc.admin.demarches.publish.mutate({ id, path: "Titre de navigation" }),
    );
    assert.match(bad.message, /lettres minuscules sans accent/);
    assert.equal(
      await alice.trpc.admin.demarches.publish.mutate({ id, path: "titre-navigation" }),
      { path: "titre-navigation" },
    );
    const d = await alice.trpc.admin.demarches.get.query({ id });
    assert.is(d.state, "publiee");
    assert.is(d.path, "titre-navigation");

    const other = await readyDemarche(bob);
    const [bg] = await bob.trpc.admin.demarches.groupes.list.query({ demarcheId: other });
    await bob.trpc.admin.demarches.groupes.addInstructeur.mutate({
      demarcheId: other,
      groupeId: bg.id,
      email: "eve@mairie.fr",
    });
    const taken = await refusal(
      bob.trpc.admin.demarches.publish.mutate({ id: other, path: "titre-navigation" }),
    );
    assert.is(taken.data?.httpStatus, 409);
    assert.match(taken.message, /déjà utilisée/);
  },
);

publication(
  "a new revision shows its changes and publishes; an unchanged one is refused",
  async ({ alice }) => {
    const id = await readyDemarche(alice);
    const [g] = await alice.trpc.admin.demarches.groupes.list.query({ demarcheId: id });
    await alice.trpc.admin.demarches.groupes.addInstructeur.mutate({
      demarcheId: id,
      groupeId: g.id,
      email: "fanny@mairie.fr",
    });
    await alice.trpc.admin.demarches.publish.mutate({ id, path: "revisions-test" });
    const same = await refusal(
      alice.trpc.admin.demarches.publish.mutate({ id, path: "revisions-test" }),
    );
    assert.match(same.message, /Aucune modification/);
    await alice.trpc.admin.demarches.saveForm.mutate({
      id,
      form: {
        ...FORM,
        champs: [...FORM.champs, { stableId: "longueur", type: "texte_test", label: "Longueur" }],
      },
    });
    const status = await alice.trpc.admin.demarches.publicationStatus.query({ id });
    assert.is(status.revision, 1);
    assert.equal(status.changes?.champs, [{
      kind: "added",
      stableId: "longueur",
      label: "Longueur",
    }]);
    await alice.trpc.admin.demarches.publish.mutate({ id, path: "revisions-test" });
    assert.is((await alice.trpc.admin.demarches.publicationStatus.query({ id })).revision, 2);
  },
);

publication("close and unpublish follow the démarche's states", async ({ alice }) => {
  const id = await readyDemarche(alice);
  const early = await refusal(alice.trpc.admin.demarches.close.mutate({ id }));
  assert.match(early.message, /Seule une démarche publiée peut être close/);
  const [g] = await alice.trpc.admin.demarches.groupes.list.query({ demarcheId: id });
  await alice.trpc.admin.demarches.groupes.addInstructeur.mutate({
    demarcheId: id,
    groupeId: g.id,
    email: "gael@mairie.fr",
  });
  await alice.trpc.admin.demarches.publish.mutate({ id, path: "a-clore" });
  await alice.trpc.admin.demarches.close.mutate({ id });
  assert.is((await alice.trpc.admin.demarches.get.query({ id })).state, "close");
  await alice.trpc.admin.demarches.publish.mutate({ id, path: "a-clore" });
  await alice.trpc.admin.demarches.unpublish.mutate({ id });
  assert.is((await alice.trpc.admin.demarches.get.query({ id })).state, "depubliee");
  const del = await refusal(alice.trpc.admin.demarches.delete.mutate({ id }));
  assert.is(del.data?.httpStatus, 409);
});

publication(
  "routing rules accept a choice champ and refuse a text champ or the default groupe",
  async ({ alice }) => {
    const id = await readyDemarche(alice);
    const { id: groupeId } = await alice.trpc.admin.demarches.groupes.add.mutate({
      demarcheId: id,
      label: "Manche",
    });
    await alice.trpc.admin.demarches.groupes.setRule.mutate({
      demarcheId: id,
      groupeId,
      rule: { op: "eq", champ: "zone", value: "Manche" },
    });
    const onText = await refusal(alice.trpc.admin.demarches.groupes.setRule.mutate({
      demarcheId: id,
      groupeId,
      rule: { op: "eq", champ: "nom", value: "X" },
    }));
    assert.match(onText.message, /ne peut pas servir au routage/);
    const badChoice = await refusal(alice.trpc.admin.demarches.groupes.setRule.mutate({
      demarcheId: id,
      groupeId,
      rule: { op: "eq", champ: "zone", value: "Pacifique" },
    }));
    assert.match(badChoice.message, /n’est pas une option/);
    const groupes = await alice.trpc.admin.demarches.groupes.list.query({ demarcheId: id });
    const defaut = groupes.find((g) => g.isDefault)!;
    assert.equal(groupes.find((g) => g.id === groupeId)?.rule, {
      op: "eq",
      champ: "zone",
      value: "Manche",
    });
    const onDefault = await refusal(alice.trpc.admin.demarches.groupes.setRule.mutate({
      demarcheId: id,
      groupeId: defaut.id,
      rule: { op: "eq", champ: "zone", value: "Manche" },
    }));
    assert.match(onDefault.message, /groupe par défaut/);
    const removeDefault = await refusal(
      alice.trpc.admin.demarches.groupes.remove.mutate({ demarcheId: id, groupeId: defaut.id }),
    );
    assert.is(removeDefault.data?.httpStatus, 409);
  },
);

publication(
  "the catalogue lists démarches with 30 deposited dossiers; another admin clones one",
  async ({ t, alice, bob }) => {
    const id = await readyDemarche(alice);
    const [g] = await alice.trpc.admin.demarches.groupes.list.query({ demarcheId: id });
    await alice.trpc.admin.demarches.groupes.addInstructeur.mutate({
      demarcheId: id,
      groupeId: g.id,
      email: "henri@mairie.fr",
    });
    await alice.trpc.admin.demarches.publish.mutate({ id, path: "catalogue-navigation" });
    assert.not.ok((await bob.trpc.admin.catalogue.list.query({})).some((d) => d.id === id));
    // The counter is kept by deposits (dossiers come with the usager's journey).
    await t.deps.db.updateTable("demarches").set({ deposited_dossiers_count: 30 }).where(
      "id",
      "=",
      id,
    ).execute();
    const found = await bob.trpc.admin.catalogue.list.query({ query: "navigation" });
    assert.ok(found.some((d) => d.id === id && d.organisme === "Mairie de Brest"));
    const read = await bob.trpc.admin.catalogue.read.query({ id });
    assert.equal(read.form.champs.map((c) => c.label), ["Nom du bateau", "Zone"]);
    const { id: copy } = await bob.trpc.admin.catalogue.clone.mutate({
      id,
      annotations: false,
      instructeurs: true,
    });
    const cloned = await bob.trpc.admin.demarches.get.query({ id: copy });
    assert.is(cloned.state, "brouillon");
    assert.equal(cloned.form.champs.map((c) => c.stableId), ["nom", "zone"]);
    assert.equal(cloned.form.annotations, []);
    assert.is(cloned.service, null, "the service of another administrator is not copied");
    const [cg] = await bob.trpc.admin.demarches.groupes.list.query({ demarcheId: copy });
    assert.equal(cg.instructeurs, [], "instructeurs of another administrator are not copied");
  },
);

publication(
  "an administrator cannot clone another's démarche that is not in the catalogue",
  async ({ alice, bob }) => {
    const id = await readyDemarche(alice);
    const e = await refusal(bob.trpc.admin.catalogue.clone.mutate({ id }));
    assert.is(e.data?.httpStatus, 404);
  },
);

publication(
  "only the super-admin marks templates, which every administrator sees",
  async ({ superAdmin, alice, bob }) => {
    const id = await readyDemarche(alice);
    const denied = await refusal(
      alice.trpc.admin.catalogue.setTemplate.mutate({ id, template: true }),
    );
    assert.is(denied.data?.httpStatus, 403);
    await superAdmin.trpc.admin.catalogue.setTemplate.mutate({ id, template: true });
    assert.ok(
      (await bob.trpc.admin.catalogue.list.query({})).some((d) => d.id === id && d.isTemplate),
    );
  },
);

publication(
  "a definition exported as JSON imports into a new démarche en test",
  async ({ alice, bob }) => {
    const id = await readyDemarche(alice);
    const definition = await alice.trpc.admin.demarches.exportDefinition.query({ id });
    assert.is(definition.format, "guichet-demarche");
    const { id: imported } = await bob.trpc.admin.demarches.importDefinition.mutate({
      definition: JSON.parse(JSON.stringify(definition)),
    });
    const d = await bob.trpc.admin.demarches.get.query({ id: imported });
    assert.equal(d.form, definition.form);
    assert.is(d.service?.organisme, "Mairie de Brest");
  },
);

publication(
  "an import with an unknown champ type is refused, naming the champ",
  async ({ alice }) => {
    const definition = await alice.trpc.admin.demarches.exportDefinition.query({
      id: await readyDemarche(alice),
    });
    const broken = {
      ...definition,
      form: {
        ...definition.form,
        champs: [{ stableId: "x", type: "hologramme", label: "Photo 3D" }],
      },
    };
    const e = await refusal(
      alice.trpc.admin.demarches.importDefinition.mutate({ definition: broken }),
    );
    assert.is(e.data?.httpStatus, 400);
    assert.match(e.message, /« Photo 3D » : Type de champ inconnu/);
    const notOurs = await refusal(
      alice.trpc.admin.demarches.importDefinition.mutate({ definition: { format: "autre" } }),
    );
    assert.match(notOurs.message, /pas une définition de démarche Guichet/);
  },
);

publication("fonctionnalités: settings are validated by the plugin's schema", async ({ alice }) => {
  const id = await readyDemarche(alice);
  const list = await alice.trpc.admin.demarches.fonctionnalites.query({ id });
  const plugin = list.find((p) => p.id === "types_publication")!;
  assert.ok(plugin.enabled);
  assert.ok(plugin.settingsSchema, "a JSON schema to build the settings form");
  const e = await refusal(alice.trpc.admin.demarches.setFonctionnalite.mutate({
    id,
    pluginId: "types_publication",
    enabled: true,
    settings: { seuil: -1 },
  }));
  assert.match(e.message, /Le seuil doit être positif/);
  await alice.trpc.admin.demarches.setFonctionnalite.mutate({
    id,
    pluginId: "types_publication",
    enabled: false,
  });
  const types = (await alice.trpc.admin.demarches.champTypes.query({ id })).map((t) => t.type);
  assert.not.ok(types.includes("texte_test") || types.includes("choix_test"), types.join());
  assert.ok(types.includes("text"), "champs_standard stays available");
  const { issues } = await alice.trpc.admin.demarches.saveForm.mutate({ id, form: FORM });
  assert.match(issues[0].message, /fonctionnalité désactivée/);
});

publication.run();

const fonctionnalites = suite<{ t: TestInstance; admin: Agent }>("fonctionnalités instance-wide");
fonctionnalites.before(async (ctx) => {
  ctx.t = await startTestInstance();
  ctx.admin = await superAdminAgent(ctx.t);
});
fonctionnalites.after(async (ctx) => {
  await ctx.t.stop();
});

fonctionnalites(
  "the e-mail channel serves the whole instance and is not switched off per démarche",
  async ({ admin }) => {
    const { id } = await admin.trpc.admin.demarches.create.mutate({ titre: "Courriels" });
    const list = await admin.trpc.admin.demarches.fonctionnalites.query({ id });
    assert.is(list.find((p) => p.id === "mail_smtp")?.perDemarche, false);
    assert.is(list.find((p) => p.id === "champs_territoire")?.perDemarche, true);
    const e = await refusal(
      admin.trpc.admin.demarches.setFonctionnalite.mutate({
        id,
        pluginId: "mail_smtp",
        enabled: false,
      }),
    );
    assert.match(e.message, /sert toute l’instance/);
    const types = await admin.trpc.admin.demarches.champTypes.query({ id });
    assert.equal(types.find((t) => t.type === "yes_no"), {
      type: "yes_no",
      label: types.find((t) => t.type === "yes_no")!.label,
      category: types.find((t) => t.type === "yes_no")!.category,
      conditionSource: "boolean",
      fillable: true,
      container: false,
    });
  },
);

fonctionnalites.run();
