// Every instruction rule runs on one instance with two groupes, two instructeurs and the
// dossiers they share, built once in `before`: hence one file over 400 lines.
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
import { refusal } from "../../helpers/refusal.ts";
import { invitedAgent as instructeur } from "../../helpers/people.ts";

const FORM = {
  champs: [
    { stableId: "nom", type: "text", label: "Nom du bateau", mandatory: true },
    {
      stableId: "zone",
      type: "drop_down_list",
      label: "Zone",
      mandatory: true,
      options: { choices: ["Atlantique", "Manche"] },
    },
  ],
  annotations: [
    { stableId: "avis", type: "textarea", label: "Avis du secrétariat" },
    {
      stableId: "pret",
      type: "yes_no",
      label: "Prêt pour validation hiérarchique",
      mandatory: true,
    },
  ],
};

interface Ctx {
  t: TestInstance;
  ines: Agent;
  marc: Agent;
  usager: Agent;
  demarcheId: number;
  atlantique: number;
  manche: number;
}

const instruction = suite<Ctx>("instruction");
instruction.before(async (ctx) => {
  const t = ctx.t = await startTestInstance();
  const admin = (await superAdminAgent(t)).trpc;
  const { id } = await admin.admin.demarches.create.mutate({ titre: "Titre de navigation" });
  ctx.demarcheId = id;
  await admin.admin.demarches.updateSettings.mutate({
    id,
    titre: "Titre de navigation",
    service: { nom: "Service nautique", organisme: "Mairie", email: "nautique@mairie.fr" },
    siteWeb: "https://www.mairie.fr",
  });
  await admin.admin.demarches.saveForm.mutate({ id, form: FORM });
  const [defaut] = await admin.admin.demarches.groupes.list.query({ demarcheId: id });
  await admin.admin.demarches.groupes.addInstructeur.mutate({
    demarcheId: id,
    groupeId: defaut.id,
    email: "ines@mairie.fr",
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
  await admin.admin.demarches.groupes.addInstructeur.mutate({
    demarcheId: id,
    groupeId: manche,
    email: "marc@mairie.fr",
  });
  await admin.admin.demarches.publish.mutate({ id, path: "titre-navigation" });
  ctx.ines = await instructeur(t, "ines@mairie.fr");
  ctx.marc = await instructeur(t, "marc@mairie.fr");
  ctx.usager = await signedUpAgent(t, "proprietaire@exemple.fr");
  const deposit = async (zone: string) => {
    const { id: dossier } = await ctx.usager.trpc.usager.start.mutate({ path: "titre-navigation" });
    await ctx.usager.trpc.usager.save.mutate({
      id: dossier,
      values: { nom: `Bateau ${zone}`, zone },
    });
    await ctx.usager.trpc.usager.deposer.mutate({ id: dossier });
    return dossier;
  };
  ctx.atlantique = await deposit("Atlantique");
  ctx.manche = await deposit("Manche");
  await ctx.usager.trpc.usager.start.mutate({ path: "titre-navigation" }); // a brouillon
});
instruction.after(async (ctx) => {
  await ctx.t.stop();
});

instruction(
  "an instructeur sees only their groupe's deposited dossiers, with counts",
  async (ctx) => {
    const [d] = await ctx.ines.trpc.instruction.demarches.query();
    assert.is(d.titre, "Titre de navigation");
    assert.is(d.counts.a_suivre, 1);
    const page = await ctx.ines.trpc.instruction.dashboard.query({
      demarcheId: ctx.demarcheId,
      tab: "tous",
    });
    assert.equal(page.dossiers.map((x) => x.id), [ctx.atlantique]);
    const marc = await ctx.marc.trpc.instruction.dashboard.query({
      demarcheId: ctx.demarcheId,
      tab: "tous",
    });
    assert.equal(marc.dossiers.map((x) => x.id), [ctx.manche]);
  },
);

instruction(
  "another groupe's instructeur, the usager and a stranger cannot read the dossier",
  async (ctx) => {
    assert.is(
      (await refusal(ctx.marc.trpc.instruction.dossier.query({ id: ctx.atlantique }))).data
        ?.httpStatus,
      404,
    );
    assert.is(
      (await refusal(ctx.usager.trpc.instruction.dossier.query({ id: ctx.atlantique }))).data
        ?.httpStatus,
      404,
    );
    assert.is(
      (await refusal(ctx.t.agent().trpc.instruction.dossier.query({ id: ctx.atlantique }))).data
        ?.httpStatus,
      401,
    );
    const other = await refusal(
      ctx.usager.trpc.instruction.dashboard.query({ demarcheId: ctx.demarcheId }),
    );
    assert.is(other.data?.httpStatus, 404);
  },
);

instruction("following moves a dossier from « à suivre » to « suivis »", async (ctx) => {
  await ctx.ines.trpc.instruction.follow.mutate({ id: ctx.atlantique, on: true });
  const suivis = await ctx.ines.trpc.instruction.dashboard.query({
    demarcheId: ctx.demarcheId,
    tab: "suivis",
  });
  assert.equal(suivis.dossiers.map((x) => x.id), [ctx.atlantique]);
  assert.is(suivis.counts.a_suivre, 0);
  await ctx.ines.trpc.instruction.follow.mutate({ id: ctx.atlantique, on: false });
});

instruction(
  "passer en instruction locks the dossier for the usager and tells them",
  async (ctx) => {
    await ctx.ines.trpc.instruction.decide.mutate({
      id: ctx.atlantique,
      event: "passer_en_instruction",
    });
    const d = await ctx.usager.trpc.usager.dossier.query({ id: ctx.atlantique });
    assert.is(d.state, "en_instruction");
    assert.not.ok("annotationValues" in d, "the usager never sees annotations privées");
    await ctx.t.mail(
      "proprietaire@exemple.fr",
      `Votre dossier n° ${ctx.atlantique} est en instruction`,
    );
    const followed = await ctx.ines.trpc.instruction.dossier.query({ id: ctx.atlantique });
    assert.ok(followed.followed, "taking a dossier in hand follows it");
  },
);

instruction("a decision needs the mandatory annotations; a refusal needs a motive", async (ctx) => {
  const early = await refusal(
    ctx.ines.trpc.instruction.decide.mutate({ id: ctx.atlantique, event: "accepter" }),
  );
  assert.match(early.message, /annotations privées obligatoires/);
  const bad = await ctx.ines.trpc.instruction.saveAnnotations.mutate({
    id: ctx.atlantique,
    values: { pret: "peut-être" },
  });
  assert.ok(bad.errors.pret);
  await ctx.ines.trpc.instruction.saveAnnotations.mutate({
    id: ctx.atlantique,
    values: { pret: true, avis: "Complet." },
  });
  const noMotive = await refusal(
    ctx.ines.trpc.instruction.decide.mutate({ id: ctx.atlantique, event: "refuser" }),
  );
  assert.is(noMotive.data?.httpStatus, 400);
  assert.match(noMotive.message, /Indiquez le motif du refus/);
});

instruction("of two concurrent decisions exactly one is kept", async (ctx) => {
  const results = await Promise.allSettled([
    ctx.ines.trpc.instruction.decide.mutate({ id: ctx.atlantique, event: "accepter" }),
    ctx.ines.trpc.instruction.decide.mutate({
      id: ctx.atlantique,
      event: "refuser",
      motivation: "Pièces manquantes",
    }),
  ]);
  assert.is(results.filter((r) => r.status === "fulfilled").length, 1);
  const events = (await ctx.ines.trpc.instruction.dossier.query({ id: ctx.atlantique })).events.map(
    (e) => e.event,
  );
  assert.is(events.filter((e) => e === "accepter" || e === "refuser").length, 1);
});

instruction(
  "the usager sees the decision and its motive; archiving only decided dossiers",
  async (ctx) => {
    const d = await ctx.usager.trpc.usager.dossier.query({ id: ctx.atlantique });
    assert.ok(d.state === "accepte" || d.state === "refuse");
    const notDecided = await refusal(
      ctx.marc.trpc.instruction.archive.mutate({ id: ctx.manche, on: true }),
    );
    assert.match(notDecided.message, /Seul un dossier traité/);
    await ctx.ines.trpc.instruction.archive.mutate({ id: ctx.atlantique, on: true });
    const archives = await ctx.ines.trpc.instruction.dashboard.query({
      demarcheId: ctx.demarcheId,
      tab: "archives",
    });
    assert.equal(archives.dossiers.map((x) => x.id), [ctx.atlantique]);
    await ctx.ines.trpc.instruction.decide.mutate({
      id: ctx.atlantique,
      event: "repasser_en_instruction",
    });
    const back = await ctx.ines.trpc.instruction.dossier.query({ id: ctx.atlantique });
    assert.is(back.state, "en_instruction");
    assert.not.ok(back.archived);
  },
);

instruction("keyset pagination walks a tab without gaps or repeats", async (ctx) => {
  for (let i = 0; i < 5; i++) {
    const { id } = await ctx.usager.trpc.usager.start.mutate({ path: "titre-navigation" });
    await ctx.usager.trpc.usager.save.mutate({ id, values: { nom: `B${i}`, zone: "Manche" } });
    await ctx.usager.trpc.usager.deposer.mutate({ id });
  }
  const seen: number[] = [];
  let after: { key: string | number | null; id: number } | undefined;
  do {
    const page = await ctx.marc.trpc.instruction.dashboard.query({
      demarcheId: ctx.demarcheId,
      tab: "tous",
      limit: 2,
      after,
    });
    seen.push(...page.dossiers.map((x) => x.id));
    after = page.next ?? undefined;
  } while (after);
  assert.is(seen.length, 6);
  assert.equal([...seen].sort((a, b) => b - a), seen);
  assert.is(new Set(seen).size, 6);
});

instruction(
  "batch actions report per dossier; a refusal on one leaves the others done",
  async (ctx) => {
    const ids: number[] = [];
    for (const zone of ["Manche", "Manche"]) {
      const { id } = await ctx.usager.trpc.usager.start.mutate({ path: "titre-navigation" });
      await ctx.usager.trpc.usager.save.mutate({ id, values: { nom: "Lot", zone } });
      await ctx.usager.trpc.usager.deposer.mutate({ id });
      ids.push(id);
    }
    const results = await ctx.marc.trpc.instruction.batch.mutate({
      ids: [...ids, ctx.atlantique],
      action: "passer_en_instruction",
    });
    assert.equal(results.map((r) => r.ok), [true, true, false]);
    assert.match(results[2].message!, /n’existe pas ou n’est pas dans vos groupes/);
    const refus = await ctx.marc.trpc.instruction.batch.mutate({ ids, action: "refuser" });
    assert.ok(refus.every((r) => !r.ok && /motif du refus/.test(r.message!)));
    const waiting = await ctx.marc.trpc.instruction.batch.mutate({
      ids,
      action: "refuser",
      motivation: "Hors délai",
    });
    assert.ok(waiting.every((r) => !r.ok && /annotations privées obligatoires/.test(r.message!)));
    for (const id of ids) {
      await ctx.marc.trpc.instruction.saveAnnotations.mutate({ id, values: { pret: true } });
    }
    const done = await ctx.marc.trpc.instruction.batch.mutate({
      ids,
      action: "refuser",
      motivation: "Hors délai",
    });
    assert.ok(done.every((r) => r.ok));
  },
);

instruction("a dossier reassigned to another groupe leaves the old groupe's view", async (ctx) => {
  const { id } = await ctx.usager.trpc.usager.start.mutate({ path: "titre-navigation" });
  await ctx.usager.trpc.usager.save.mutate({ id, values: { nom: "Égaré", zone: "Manche" } });
  await ctx.usager.trpc.usager.deposer.mutate({ id });
  const groupes = await ctx.marc.trpc.instruction.groupes.query({ id });
  const defaut = groupes.find((g) => g.is_default === 1)!;
  await ctx.marc.trpc.instruction.follow.mutate({ id, on: true });
  await ctx.marc.trpc.instruction.reassign.mutate({ id, groupeId: defaut.id });
  assert.is((await refusal(ctx.marc.trpc.instruction.dossier.query({ id }))).data?.httpStatus, 404);
  const ines = await ctx.ines.trpc.instruction.dossier.query({ id });
  assert.equal(ines.followers, [], "the old groupe's follower no longer follows it");
});

instruction(
  "filters on state, champ values and a full-text search ignoring accents",
  async (ctx) => {
    const { id } = await ctx.usager.trpc.usager.start.mutate({ path: "titre-navigation" });
    await ctx.usager.trpc.usager.save.mutate({
      id,
      values: { nom: "Éole Île-Tudy", zone: "Manche" },
    });
    await ctx.usager.trpc.usager.deposer.mutate({ id });
    const query = (filters: Record<string, unknown>) =>
      ctx.marc.trpc.instruction.dashboard.query({
        demarcheId: ctx.demarcheId,
        tab: "tous",
        filters,
      });
    const byText = await query({ search: "eole ile" });
    assert.equal(byText.dossiers.map((d) => d.id), [id]);
    const byChamp = await query({
      champs: [{ stableId: "nom", op: "eq", value: "Éole Île-Tudy" }],
    });
    assert.equal(byChamp.dossiers.map((d) => d.id), [id]);
    const none = await query({ champs: [{ stableId: "zone", op: "eq", value: "Atlantique" }] });
    assert.equal(none.dossiers, [], "marc's groupe has no Atlantique dossier");
    const byState = await query({ states: ["en_construction"] });
    assert.ok(byState.dossiers.every((d) => d.state === "en_construction"));
    assert.ok(byState.dossiers.some((d) => d.id === id));
    const champs = await ctx.marc.trpc.instruction.champs.query({ demarcheId: ctx.demarcheId });
    assert.equal(champs.find((c) => c.stableId === "zone")?.choices, ["Atlantique", "Manche"]);
    await ctx.marc.trpc.instruction.setColumns.mutate({
      demarcheId: ctx.demarcheId,
      columns: ["nom"],
    });
    const withColumns = await query({ search: "tudy" });
    assert.equal(withColumns.columns, [{ stableId: "nom", label: "Nom du bateau" }]);
    assert.equal(withColumns.dossiers[0].cells, { nom: "Éole Île-Tudy" });
    const bad = await ctx.t.agent().call("instruction.dashboard", {
      demarcheId: ctx.demarcheId,
      filters: { champs: [{ stableId: "nom", op: "like", value: "x" }] },
    }, "GET");
    assert.is(bad.status, 400, "input is validated before anything else");
    assert.match(bad.body.error.message, /Opérateur de filtre inconnu/);
  },
);

const PDF = new TextEncoder().encode("%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n");

async function uploadPdf(agent: Agent, filename: string): Promise<string> {
  const res = await agent.fetch(`${BASE_URL}/files`, {
    method: "POST",
    body: PDF,
    headers: { "content-type": "application/pdf", "x-filename": encodeURIComponent(filename) },
  });
  assert.is(res.status, 201, "the upload is accepted");
  return (await res.json()).id;
}

async function depositManche(ctx: Ctx, nom: string): Promise<number> {
  const { id } = await ctx.usager.trpc.usager.start.mutate({ path: "titre-navigation" });
  await ctx.usager.trpc.usager.save.mutate({ id, values: { nom, zone: "Manche" } });
  await ctx.usager.trpc.usager.deposer.mutate({ id });
  return id;
}

instruction(
  "decide() keeps a justificatif the usager downloads, a stranger cannot; repasser en instruction drops it from the decision, the history keeps it",
  async (ctx) => {
    const id = await depositManche(ctx, "Arrêté");
    await ctx.marc.trpc.instruction.decide.mutate({ id, event: "passer_en_instruction" });
    await ctx.marc.trpc.instruction.saveAnnotations.mutate({ id, values: { pret: true } });
    const foreign = await uploadPdf(ctx.usager, "usager.pdf");
    const notMine = await refusal(
      ctx.marc.trpc.instruction.decide.mutate({ id, event: "accepter", fileId: foreign }),
    );
    assert.is(notMine.data?.httpStatus, 400, "only the instructeur's own upload is kept");
    assert.match(notMine.message, /justificatif est introuvable/);
    const fileId = await uploadPdf(ctx.marc, "arrêté d’autorisation.pdf");
    await ctx.marc.trpc.instruction.decide.mutate({ id, event: "accepter", fileId });
    const seen = await ctx.usager.trpc.usager.dossier.query({ id });
    assert.is(seen.justificatif?.id, fileId);
    assert.is(seen.justificatif?.filename, "arrêté d’autorisation.pdf");
    assert.is((await ctx.marc.trpc.instruction.dossier.query({ id })).justificatif?.id, fileId);
    assert.is((await ctx.usager.fetch(`${BASE_URL}/files/${fileId}`)).status, 200);
    const stranger = await signedUpAgent(ctx.t, "curieux@exemple.fr");
    assert.is((await stranger.fetch(`${BASE_URL}/files/${fileId}`)).status, 404);
    await ctx.marc.trpc.instruction.decide.mutate({ id, event: "repasser_en_instruction" });
    const after = await ctx.usager.trpc.usager.dossier.query({ id });
    assert.is(after.justificatif, null);
    const accepted = after.events.find((e) => e.event === "accepter");
    assert.is(
      accepted?.justificatif?.id,
      fileId,
      "the history keeps the withdrawn decision's file",
    );
    assert.is((await ctx.usager.fetch(`${BASE_URL}/files/${fileId}`)).status, 200);
    const early = await refusal(
      ctx.marc.trpc.instruction.decide.mutate({
        id,
        event: "repasser_en_construction",
        fileId: await uploadPdf(ctx.marc, "autre.pdf"),
      }),
    );
    assert.match(early.message, /ne se joint qu’à une décision/);
  },
);

instruction(
  "dossierForInstructeur() tells the champs of the latest re-deposit until passer en instruction",
  async (ctx) => {
    const id = await depositManche(ctx, "Avant");
    assert.equal((await ctx.marc.trpc.instruction.dossier.query({ id })).changedSinceDeposit, []);
    await ctx.usager.trpc.usager.save.mutate({ id, values: { nom: "Après" } });
    await ctx.usager.trpc.usager.deposerModifications.mutate({ id });
    const d = await ctx.marc.trpc.instruction.dossier.query({ id });
    assert.equal(d.changedSinceDeposit, ["nom"]);
    assert.is(d.values.nom, "Après");
    await ctx.marc.trpc.instruction.decide.mutate({ id, event: "passer_en_instruction" });
    assert.equal((await ctx.marc.trpc.instruction.dossier.query({ id })).changedSinceDeposit, []);
  },
);

instruction(
  "dossierForInstructeur() lists the people involved with their role",
  async (ctx) => {
    const id = await depositManche(ctx, "Équipage");
    await ctx.usager.trpc.usager.invitations.invite.mutate({
      dossierId: id,
      email: "coequipier@exemple.fr",
      message: "Peux-tu vérifier ?",
      scope: {},
    });
    await ctx.marc.trpc.instruction.follow.mutate({ id, on: true });
    await ctx.marc.trpc.instruction.avis.ask.mutate({
      dossierId: id,
      emails: ["expert@chantier.fr"],
      introduction: "Le bateau est-il en état ?",
    });
    const { people } = await ctx.marc.trpc.instruction.dossier.query({ id });
    assert.equal(people.map((p) => [p.role, p.email]), [
      ["usager", "proprietaire@exemple.fr"],
      ["invite", "coequipier@exemple.fr"],
      ["instructeur", "marc@mairie.fr"],
      ["expert", "expert@chantier.fr"],
    ]);
    assert.is(people[0].roleLabel, "Titulaire du dossier");
  },
);

instruction.run();
