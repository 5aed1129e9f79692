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
import { adminAgent } from "../../helpers/people.ts";

const demarches = suite<{ t: TestInstance; alice: Agent; bob: Agent }>("demarches");
demarches.before(async (ctx) => {
  ctx.t = await startTestInstance();
  const superAdmin = await superAdminAgent(ctx.t);
  ctx.alice = await adminAgent(ctx.t, superAdmin, "alice@mairie.fr");
  ctx.bob = await adminAgent(ctx.t, superAdmin, "bob@mairie.fr");
});
demarches.after(async (ctx) => {
  await ctx.t.stop();
});

demarches(
  "an administrator creates a démarche en test and finds it in their space",
  async ({ alice }) => {
    const { id } = await alice.trpc.admin.demarches.create.mutate({ titre: "Titre de navigation" });
    const list = await alice.trpc.admin.demarches.list.query();
    assert.equal(list.enTest.map((d) => d.id), [id]);
    const d = await alice.trpc.admin.demarches.get.query({ id });
    assert.is(d.state, "brouillon");
    assert.is(d.mode, "instruction");
    assert.equal(d.form, { champs: [], annotations: [] });
  },
);

demarches(
  "updateSettings() saves service, mode and retention; bad values get French errors",
  async ({ alice }) => {
    const { id } = await alice.trpc.admin.demarches.create.mutate({ titre: "Permis de pêche" });
    await alice.trpc.admin.demarches.updateSettings.mutate({
      id,
      titre: "Permis de pêche en rivière",
      mode: "declarative_accepte",
      service: {
        nom: "Service nautique",
        organisme: "Mairie de Brest",
        email: "nautique@brest.fr",
      },
      siteWeb: "https://www.brest.fr/demarches",
      retentionMonths: 24,
    });
    const d = await alice.trpc.admin.demarches.get.query({ id });
    assert.is(d.titre, "Permis de pêche en rivière");
    assert.is(d.mode, "declarative_accepte");
    assert.is(d.service?.email, "nautique@brest.fr");
    assert.is(d.retentionMonths, 24);
    const e = await refusal(
      alice.trpc.admin.demarches.updateSettings.mutate({ id, titre: "x", retentionMonths: 99 }),
    );
    assert.is(e.data?.httpStatus, 400);
    assert.match(e.message, /plus de 60 mois/);
  },
);

demarches(
  "another administrator can neither read nor edit nor delete it",
  async ({ alice, bob }) => {
    const { id } = await alice.trpc.admin.demarches.create.mutate({ titre: "Démarche d’Alice" });
    for (
      const attempt of [
        () => bob.trpc.admin.demarches.get.query({ id }),
        () => bob.trpc.admin.demarches.updateSettings.mutate({ id, titre: "Volée" }),
        () =>
          bob.trpc.admin.demarches.saveForm.mutate({ id, form: { champs: [], annotations: [] } }),
        () => bob.trpc.admin.demarches.delete.mutate({ id }),
      ]
    ) {
      const e = await refusal(attempt());
      assert.is(e.data?.httpStatus, 404);
    }
    assert.is((await alice.trpc.admin.demarches.get.query({ id })).titre, "Démarche d’Alice");
    assert.equal((await bob.trpc.admin.demarches.list.query()).enTest, []);
  },
);

demarches("a usager and an anonymous visitor cannot create a démarche", async ({ t }) => {
  const usager = await signedUpAgent(t, "usager@exemple.fr");
  assert.is(
    (await refusal(usager.trpc.admin.demarches.create.mutate({ titre: "Non" }))).data?.httpStatus,
    403,
  );
  assert.is((await refusal(t.agent().trpc.admin.demarches.list.query())).data?.httpStatus, 401);
});

demarches("saveForm() refuses an unknown champ type with a French message", async ({ alice }) => {
  const { id } = await alice.trpc.admin.demarches.create.mutate({ titre: "Formulaire" });
  const e = await refusal(alice.trpc.admin.demarches.saveForm.mutate({
    id,
    form: {
      champs: [{ stableId: "a1", type: "carte_au_tresor", label: "Trésor" }],
      annotations: [],
    },
  }));
  assert.is(e.data?.httpStatus, 400);
  assert.match(e.message, /Type de champ inconnu/);
});

demarches(
  "saveForm() refuses a malformed condition before it reaches the form",
  async ({ alice }) => {
    const { id } = await alice.trpc.admin.demarches.create.mutate({ titre: "Conditions" });
    const e = await refusal(alice.trpc.admin.demarches.saveForm.mutate({
      id,
      form: {
        champs: [{ stableId: "a1", type: "text", label: "A", condition: { op: "like" } as never }],
        annotations: [],
      },
    }));
    assert.is(e.data?.httpStatus, 400);
    assert.match(e.message, /Opérateur de condition inconnu/);
  },
);

demarches("a démarche en test can be deleted by its administrator", async ({ alice }) => {
  const { id } = await alice.trpc.admin.demarches.create.mutate({ titre: "À supprimer" });
  await alice.trpc.admin.demarches.delete.mutate({ id });
  assert.is((await refusal(alice.trpc.admin.demarches.get.query({ id }))).data?.httpStatus, 404);
});

demarches.run();

const coAdmins = suite<{ t: TestInstance; alice: Agent; bob: Agent }>(
  "demarches co-administrators",
);
coAdmins.before(async (ctx) => {
  ctx.t = await startTestInstance();
  const superAdmin = await superAdminAgent(ctx.t);
  ctx.alice = await adminAgent(ctx.t, superAdmin, "alice@mairie.fr");
  ctx.bob = await adminAgent(ctx.t, superAdmin, "bob@mairie.fr");
});
coAdmins.after(async (ctx) => {
  await ctx.t.stop();
});

coAdmins(
  "a co-administrator added by e-mail is told and can then edit the démarche",
  async ({ t, alice, bob }) => {
    const { id } = await alice.trpc.admin.demarches.create.mutate({ titre: "À deux" });
    await alice.trpc.admin.demarches.administrateurs.add.mutate({
      demarcheId: id,
      email: "bob@mairie.fr",
    });
    await t.mail("bob@mairie.fr", "Vous administrez la démarche « À deux »");
    await bob.trpc.admin.demarches.updateSettings.mutate({ id, titre: "À deux, modifiée" });
    const admins = await bob.trpc.admin.demarches.administrateurs.list.query({ demarcheId: id });
    assert.equal(admins.map((a) => a.email), ["alice@mairie.fr", "bob@mairie.fr"]);
  },
);

coAdmins(
  "only administrator accounts can be added, and the last one stays",
  async ({ t, alice }) => {
    await signedUpAgent(t, "simple@exemple.fr");
    const { id } = await alice.trpc.admin.demarches.create.mutate({ titre: "Seule" });
    const e = await refusal(
      alice.trpc.admin.demarches.administrateurs.add.mutate({
        demarcheId: id,
        email: "simple@exemple.fr",
      }),
    );
    assert.match(e.message, /n’a pas de compte administrateur/);
    const [me] = await alice.trpc.admin.demarches.administrateurs.list.query({ demarcheId: id });
    const last = await refusal(
      alice.trpc.admin.demarches.administrateurs.remove.mutate({
        demarcheId: id,
        userId: me.userId,
      }),
    );
    assert.match(last.message, /au moins un administrateur/);
  },
);

coAdmins.run();
