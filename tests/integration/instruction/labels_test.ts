/**
 * « Étiquettes »: a démarche's administrators set its labels; its instructeurs put them on
 * dossiers, see them on the dashboard's rows and filter on them; nobody else reads or sets
 * them, and a label of another démarche never goes on a dossier.
 */
import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import {
  type Agent,
  signedUpAgent,
  startTestInstance,
  superAdminAgent,
  type TestInstance,
} from "../../helpers/instance.ts";
import { invitedAgent } from "../../helpers/people.ts";
import { refusal } from "../../helpers/refusal.ts";
import { publishedDemarche } from "../../helpers/demarche.ts";
import { labelCondition } from "../../../core/instruction/labels.ts";

interface Ctx {
  t: TestInstance;
  admin: Agent;
  marc: Agent;
  ines: Agent;
  usager: Agent;
  demarcheId: number;
  otherId: number;
  ids: number[];
}

const FORM = {
  champs: [{ stableId: "nom", type: "text", label: "Nom du bateau", mandatory: true }],
  annotations: [],
};

const labels = suite<Ctx>("étiquettes");
labels.before(async (ctx) => {
  const t = ctx.t = await startTestInstance();
  ctx.admin = await superAdminAgent(t);
  ctx.demarcheId = await publishedDemarche(ctx.admin, {
    titre: "Titre de navigation",
    path: "titre-navigation",
    form: FORM,
  });
  ctx.otherId = await publishedDemarche(ctx.admin, {
    titre: "Permis de pêche",
    path: "permis-peche",
    form: FORM,
    instructeurs: ["ines@mairie.fr"],
  });
  ctx.marc = await invitedAgent(t, "marc@mairie.fr");
  ctx.ines = await invitedAgent(t, "ines@mairie.fr");
  ctx.usager = await signedUpAgent(t, "proprietaire@exemple.fr");
  ctx.ids = [];
  for (const nom of ["Le Goéland", "La Mouette", "L’Étoile"]) {
    const u = ctx.usager.trpc.usager;
    const { id } = await u.start.mutate({ path: "titre-navigation" });
    await u.save.mutate({ id, values: { nom } });
    await u.deposer.mutate({ id });
    ctx.ids.push(id);
  }
});
labels.after(async (ctx) => {
  await ctx.t.stop();
});

labels("administrators name and colour the labels; names are unique without case", async (ctx) => {
  const admin = ctx.admin.trpc.admin.demarches.labels;
  const urgent = await admin.create.mutate({
    demarcheId: ctx.demarcheId,
    name: "Urgent",
    color: "rouge",
  });
  await admin.create.mutate({ demarcheId: ctx.demarcheId, name: "Visite", color: "bleu" });
  const twice = await refusal(
    admin.create.mutate({ demarcheId: ctx.demarcheId, name: "urgent", color: "vert" }),
  );
  assert.is(twice.data?.httpStatus, 409);
  assert.match(twice.message, /s’appelle déjà « urgent »/);
  const color = await ctx.admin.call("admin.demarches.labels.create", {
    demarcheId: ctx.demarcheId,
    name: "Fluo",
    color: "fluo",
  });
  assert.is(color.status, 400);
  assert.match(JSON.stringify(color.body), /Choisissez une couleur de la liste/);
  await admin.update.mutate({
    demarcheId: ctx.demarcheId,
    labelId: urgent.id,
    name: "Très urgent",
    color: "orange",
  });
  assert.equal(
    (await admin.list.query({ demarcheId: ctx.demarcheId })).map((l) => [l.name, l.color]),
    [["Très urgent", "orange"], ["Visite", "bleu"]],
  );
});

labels("instructeurs put labels on dossiers, see them on rows and filter on them", async (ctx) => {
  const list = await ctx.marc.trpc.instruction.labels.list.query({ demarcheId: ctx.demarcheId });
  const [urgent, visite] = list;
  const i = ctx.marc.trpc.instruction;
  const set = await i.labels.set.mutate({
    dossierId: ctx.ids[0],
    labelIds: [visite.id, urgent.id],
  });
  assert.equal(set.map((l) => l.name), ["Très urgent", "Visite"]);
  await i.labels.set.mutate({ dossierId: ctx.ids[2], labelIds: [visite.id] });
  const page = await i.dashboard.query({ demarcheId: ctx.demarcheId, tab: "tous", limit: 10 });
  const byId = new Map(page.dossiers.map((d) => [d.id, d.labels.map((l) => l.name)]));
  assert.equal(byId.get(ctx.ids[0]), ["Très urgent", "Visite"]);
  assert.equal(byId.get(ctx.ids[1]), []);
  const filtered = await i.dashboard.query({
    demarcheId: ctx.demarcheId,
    tab: "tous",
    limit: 10,
    filters: { label: visite.id },
  });
  assert.equal(filtered.dossiers.map((d) => d.id), [ctx.ids[2], ctx.ids[0]]);
  // Read as a set (a few dossiers) or probed per dossier (many): the same dossiers.
  for (const few of [1000, 1]) {
    const ids = (await ctx.t.deps.db.selectFrom("dossiers").select("id")
      .where(await labelCondition(ctx.t.deps.db, visite.id, few)).orderBy("id").execute())
      .map((r) => r.id);
    assert.equal(ids, [ctx.ids[0], ctx.ids[2]], `few = ${few}`);
  }
  assert.equal(
    (await i.labels.forDossier.query({ dossierId: ctx.ids[0] })).map((l) => l.name),
    ["Très urgent", "Visite"],
  );
});

labels("a removed label leaves the dossiers that carried it", async (ctx) => {
  const admin = ctx.admin.trpc.admin.demarches.labels;
  const [urgent] = await admin.list.query({ demarcheId: ctx.demarcheId });
  await admin.remove.mutate({ demarcheId: ctx.demarcheId, labelId: urgent.id });
  assert.equal(
    (await ctx.marc.trpc.instruction.labels.forDossier.query({ dossierId: ctx.ids[0] }))
      .map((l) => l.name),
    ["Visite"],
  );
  const again = await refusal(
    admin.remove.mutate({ demarcheId: ctx.demarcheId, labelId: urgent.id }),
  );
  assert.is(again.data?.httpStatus, 404);
});

labels("nobody else reads or sets them; another démarche's label never fits", async (ctx) => {
  const { id: peche } = await ctx.admin.trpc.admin.demarches.labels.create.mutate({
    demarcheId: ctx.otherId,
    name: "Pêche",
    color: "vert",
  });
  const wrong = await refusal(
    ctx.marc.trpc.instruction.labels.set.mutate({ dossierId: ctx.ids[1], labelIds: [peche] }),
  );
  assert.is(wrong.data?.httpStatus, 404);
  for (const [who, agent] of [["usager", ctx.usager], ["other instructeur", ctx.ines]] as const) {
    const list = await refusal(
      agent.trpc.instruction.labels.list.query({ demarcheId: ctx.demarcheId }),
    );
    assert.is(list.data?.httpStatus, 404, who);
    const set = await refusal(
      agent.trpc.instruction.labels.set.mutate({ dossierId: ctx.ids[1], labelIds: [] }),
    );
    assert.is(set.data?.httpStatus, 404, who);
    const change = await refusal(
      agent.trpc.instruction.labels.change.mutate({ dossierId: ctx.ids[1], add: [], remove: [] }),
    );
    assert.is(change.data?.httpStatus, 404, who);
  }
  const foreign = await refusal(
    ctx.marc.trpc.instruction.labels.change.mutate({
      dossierId: ctx.ids[1],
      add: [peche],
      remove: [],
    }),
  );
  assert.is(foreign.data?.httpStatus, 404, "another démarche's label");
  const anonymous = await refusal(
    ctx.t.agent().trpc.instruction.labels.list.query({ demarcheId: ctx.demarcheId }),
  );
  assert.is(anonymous.data?.httpStatus, 401);
  const notAdmin = await refusal(
    ctx.marc.trpc.admin.demarches.labels.create.mutate({
      demarcheId: ctx.demarcheId,
      name: "Pirate",
      color: "gris",
    }),
  );
  assert.ok([403, 404].includes(notAdmin.data?.httpStatus ?? 0));
  const dossier = await ctx.usager.trpc.usager.dossier.query({ id: ctx.ids[0] });
  assert.not.ok(JSON.stringify(dossier).includes("Visite"), "the usager never sees a label");
});

labels.run();
