// Co-editing a dossier: saves of different champs at the same moment (owner and invité, two
// tabs, ten at once) all kept; an edit of a champ someone else changed since it was read is
// answered with their value and who changed it, never silently written over theirs.
import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import {
  type Agent,
  signedUpAgent,
  startTestInstance,
  superAdminAgent,
  type TestInstance,
  tokenFrom,
} from "../../helpers/instance.ts";
import { publishedDemarche } from "../../helpers/demarche.ts";
import { invitedAgent } from "../../helpers/people.ts";

const TEN = Array.from({ length: 10 }, (_, i) => `c${i}`);

const FORM = {
  champs: TEN.map((stableId, i) => ({
    stableId,
    type: "text",
    label: `Champ ${i + 1}`,
    mandatory: false,
  })),
  annotations: [
    { stableId: "avis", type: "textarea", label: "Avis du secrétariat" },
    { stableId: "note", type: "text", label: "Note interne" },
  ],
};

interface Ctx {
  t: TestInstance;
  owner: Agent;
  invite: Agent;
  marc: Agent;
  ines: Agent;
}

const coEditing = suite<Ctx>("co-editing a dossier");
coEditing.before(async (ctx) => {
  const t = ctx.t = await startTestInstance();
  const admin = await superAdminAgent(t);
  await publishedDemarche(admin, {
    titre: "Déclaration de travaux",
    path: "travaux",
    form: FORM,
    instructeurs: ["marc@mairie.fr", "ines@mairie.fr"],
  });
  await publishedDemarche(admin, {
    titre: "Demande de subvention",
    path: "subvention",
    form: {
      champs: [
        { stableId: "s_identite", type: "header_section", label: "Identité" },
        { stableId: "iban", type: "text", label: "IBAN" },
        { stableId: "s_projet", type: "header_section", label: "Projet" },
        { stableId: "projet", type: "text", label: "Description du projet" },
      ],
      annotations: [],
    },
  });
  ctx.marc = await invitedAgent(t, "marc@mairie.fr");
  ctx.ines = await invitedAgent(t, "ines@mairie.fr");
  ctx.owner = await signedUpAgent(t, "titulaire@exemple.fr");
});
coEditing.after(async (ctx) => {
  await ctx.t.stop();
});

/** A brouillon of the owner, with `invite` invited to fill all of it. */
async function sharedBrouillon(ctx: Ctx): Promise<number> {
  const { id } = await ctx.owner.trpc.usager.start.mutate({ path: "travaux" });
  await ctx.owner.trpc.usager.invitations.invite.mutate({
    dossierId: id,
    email: "invite@exemple.fr",
    message: "",
    kind: "email",
    scope: { sections: [] },
  });
  if (!ctx.invite) {
    const mail = await ctx.t.mail("invite@exemple.fr", "vous invite à compléter");
    ctx.invite = ctx.t.agent();
    await ctx.invite.trpc.auth.setPassword.mutate({
      token: tokenFrom(mail),
      password: "Completer-Le-Dossier-2026",
    });
  }
  return id;
}

coEditing(
  "owner and invité saving different champs at once both keep theirs (20 tries)",
  async (ctx) => {
    const id = await sharedBrouillon(ctx);
    for (let i = 0; i < 20; i++) {
      await Promise.all([
        ctx.owner.trpc.usager.save.mutate({ id, values: { c0: `titulaire ${i}` } }),
        ctx.invite.trpc.usager.save.mutate({ id, values: { c1: `invité ${i}` } }),
      ]);
      const { values } = await ctx.owner.trpc.usager.dossier.query({ id });
      assert.is(values.c0, `titulaire ${i}`, `try ${i + 1}: the owner's value is kept`);
      assert.is(values.c1, `invité ${i}`, `try ${i + 1}: the invité's value is kept`);
    }
  },
);

coEditing("ten savers of ten champs at once lose nothing (20 tries)", async (ctx) => {
  const id = await sharedBrouillon(ctx);
  // Ten browsers: the owner's and the invité's tabs, each with its own cookie jar.
  const tabs = [ctx.owner, ctx.invite];
  for (let i = 0; i < 20; i++) {
    await Promise.all(
      TEN.map((champ, j) =>
        tabs[j % 2].trpc.usager.save.mutate({ id, values: { [champ]: `${champ} essai ${i}` } })
      ),
    );
    const { values } = await ctx.owner.trpc.usager.dossier.query({ id });
    assert.equal(
      TEN.filter((c) => values[c] !== `${c} essai ${i}`),
      [],
      `try ${i + 1}: every champ keeps its saver's value`,
    );
  }
});

coEditing("an invité's save landing during the owner's deposit is never lost (20 tries)", async (
  ctx,
) => {
  for (let i = 0; i < 20; i++) {
    const id = await sharedBrouillon(ctx);
    await ctx.owner.trpc.usager.save.mutate({ id, values: { c0: "titulaire" } });
    const [deposit] = await Promise.allSettled([
      ctx.owner.trpc.usager.deposer.mutate({ id }),
      ctx.invite.trpc.usager.save.mutate({ id, values: { c1: `invité ${i}` } }),
    ]);
    const { values, state } = await ctx.owner.trpc.usager.dossier.query({ id });
    // Deposited before the save (which then is a modification) or after it: either way the
    // invité's value is there, and a refused deposit says so instead of dropping it.
    assert.is(values.c1, `invité ${i}`, `try ${i + 1}: the invité's value is kept (${state})`);
    if (deposit.status === "fulfilled") assert.is(state, "en_construction");
    const row = await ctx.t.deps.db.selectFrom("dossiers").select(["champ_values", "state"])
      .where("id", "=", id).executeTakeFirstOrThrow();
    if (row.state === "en_construction" && deposit.status === "fulfilled") {
      const deposited = JSON.parse(row.champ_values);
      const pending = await ctx.t.deps.db.selectFrom("dossiers").select("pending_values")
        .where("id", "=", id).executeTakeFirstOrThrow();
      const modified = pending.pending_values ? JSON.parse(pending.pending_values) : {};
      assert.ok(
        deposited.c1 === `invité ${i}` || modified.c1 === `invité ${i}`,
        `try ${i + 1}: deposited or kept as a modification`,
      );
    }
  }
});

coEditing("a deposited dossier's modifications by two savers at once are all kept", async (ctx) => {
  const id = await sharedBrouillon(ctx);
  await ctx.owner.trpc.usager.deposer.mutate({ id });
  for (let i = 0; i < 20; i++) {
    await Promise.all([
      ctx.owner.trpc.usager.save.mutate({ id, values: { c2: `modifié ${i}` } }),
      ctx.invite.trpc.usager.save.mutate({ id, values: { c3: `complété ${i}` } }),
    ]);
    const { values, modificationsPending } = await ctx.owner.trpc.usager.dossier.query({ id });
    assert.ok(modificationsPending);
    assert.is(values.c2, `modifié ${i}`, `try ${i + 1}`);
    assert.is(values.c3, `complété ${i}`, `try ${i + 1}`);
  }
});

coEditing(
  "an edit of a champ changed by someone else since it was read is reported, theirs kept",
  async (ctx) => {
    const id = await sharedBrouillon(ctx);
    await ctx.owner.trpc.usager.save.mutate({ id, values: { c4: "premier texte" } });
    // Both read the dossier, then the invité changes c4 first.
    const ownerRead = await ctx.owner.trpc.usager.dossier.query({ id });
    const inviteRead = await ctx.invite.trpc.usager.dossier.query({ id });
    assert.is(ownerRead.revisions.c4, inviteRead.revisions.c4);
    const theirs = await ctx.invite.trpc.usager.save.mutate({
      id,
      values: { c4: "texte de l’invité" },
      bases: { c4: inviteRead.revisions.c4 },
    });
    assert.equal(theirs.conflicts, []);
    assert.ok(theirs.revisions.c4 > inviteRead.revisions.c4, "c4 changed: a newer revision");
    // The owner's edit was based on what they read before: not written over the invité's.
    const mine = await ctx.owner.trpc.usager.save.mutate({
      id,
      values: { c4: "texte du titulaire", c5: "sans conflit" },
      bases: { c4: ownerRead.revisions.c4, c5: ownerRead.revisions.c5 ?? 0 },
    });
    assert.equal(mine.conflicts, [{
      champ: "c4",
      value: "texte de l’invité",
      revision: theirs.revisions.c4,
      by: "invite@exemple.fr",
      byYou: false,
    }]);
    let { values } = await ctx.owner.trpc.usager.dossier.query({ id });
    assert.is(values.c4, "texte de l’invité", "the other person's value is kept");
    assert.is(values.c5, "sans conflit", "the champs nobody else touched are saved");
    // « Remettre ma valeur »: the owner has seen theirs and writes again over that revision.
    const again = await ctx.owner.trpc.usager.save.mutate({
      id,
      values: { c4: "texte du titulaire" },
      bases: { c4: mine.conflicts[0].revision },
    });
    assert.equal(again.conflicts, []);
    ({ values } = await ctx.owner.trpc.usager.dossier.query({ id }));
    assert.is(values.c4, "texte du titulaire");
  },
);

coEditing(
  "two tabs of one person saving one champ in turn, each on what it read: the second is told",
  async (ctx) => {
    const { id } = await ctx.owner.trpc.usager.start.mutate({ path: "travaux" });
    const read = await ctx.owner.trpc.usager.dossier.query({ id });
    const first = await ctx.owner.trpc.usager.save.mutate({
      id,
      values: { c6: "onglet 1" },
      bases: { c6: read.revisions.c6 ?? 0 },
    });
    assert.equal(first.conflicts, []);
    const second = await ctx.owner.trpc.usager.save.mutate({
      id,
      values: { c6: "onglet 2" },
      bases: { c6: read.revisions.c6 ?? 0 },
    });
    assert.equal(second.conflicts.map((c) => [c.champ, c.value, c.by, c.byYou]), [
      ["c6", "onglet 1", "titulaire@exemple.fr", true],
    ]);
    // The same value as the stored one is no conflict: nothing would be lost.
    const same = await ctx.owner.trpc.usager.save.mutate({
      id,
      values: { c6: "onglet 1" },
      bases: { c6: read.revisions.c6 ?? 0 },
    });
    assert.equal(same.conflicts, []);
  },
);

coEditing("an invité kept from a section gets back from a save none of its values", async (ctx) => {
  const { id } = await ctx.owner.trpc.usager.start.mutate({ path: "subvention" });
  await ctx.owner.trpc.usager.save.mutate({
    id,
    values: { iban: "FR76 3000 6000 0112 3456 7890 189" },
  });
  await ctx.owner.trpc.usager.invitations.invite.mutate({
    dossierId: id,
    email: "redacteur@exemple.fr",
    message: "",
    kind: "email",
    scope: { sections: ["s_projet"], hideOthers: true },
  });
  const redacteur = ctx.t.agent();
  await redacteur.trpc.auth.setPassword.mutate({
    token: tokenFrom(await ctx.t.mail("redacteur@exemple.fr", "vous invite à compléter")),
    password: "Rediger-Le-Projet-2026",
  });
  const read = await redacteur.trpc.usager.dossier.query({ id });
  assert.equal(Object.keys(read.revisions), [], "no revision of a champ kept from them");
  const saved = await redacteur.trpc.usager.save.mutate({
    id,
    values: { projet: "Jardin partagé" },
  });
  assert.equal(saved.values, { projet: "Jardin partagé" });
  assert.ok(saved.revisions.projet > 0);
});

/** A deposited dossier of the owner, instructed by marc and ines. */
async function depositedDossier(ctx: Ctx): Promise<number> {
  const { id } = await ctx.owner.trpc.usager.start.mutate({ path: "travaux" });
  await ctx.owner.trpc.usager.deposer.mutate({ id });
  return id;
}

coEditing(
  "two instructeurs saving different annotations at once both keep theirs (20 tries)",
  async (ctx) => {
    const id = await depositedDossier(ctx);
    for (let i = 0; i < 20; i++) {
      await Promise.all([
        ctx.marc.trpc.instruction.saveAnnotations.mutate({ id, values: { avis: `avis ${i}` } }),
        ctx.ines.trpc.instruction.saveAnnotations.mutate({ id, values: { note: `note ${i}` } }),
      ]);
      const d = await ctx.marc.trpc.instruction.dossier.query({ id });
      assert.is(d.annotationValues.avis, `avis ${i}`, `try ${i + 1}`);
      assert.is(d.annotationValues.note, `note ${i}`, `try ${i + 1}`);
    }
  },
);

coEditing(
  "an annotation changed by another instructeur since it was read is reported",
  async (ctx) => {
    const id = await depositedDossier(ctx);
    const marcRead = await ctx.marc.trpc.instruction.dossier.query({ id });
    const inesRead = await ctx.ines.trpc.instruction.dossier.query({ id });
    const ines = await ctx.ines.trpc.instruction.saveAnnotations.mutate({
      id,
      values: { avis: "Favorable" },
      bases: { avis: inesRead.annotationRevisions.avis ?? 0 },
    });
    const marc = await ctx.marc.trpc.instruction.saveAnnotations.mutate({
      id,
      values: { avis: "Défavorable" },
      bases: { avis: marcRead.annotationRevisions.avis ?? 0 },
    });
    assert.equal(marc.conflicts, [{
      champ: "avis",
      value: "Favorable",
      revision: ines.revisions.avis,
      by: "ines@mairie.fr",
      byYou: false,
    }]);
    const d = await ctx.marc.trpc.instruction.dossier.query({ id });
    assert.is(d.annotationValues.avis, "Favorable");
  },
);

coEditing.run();
