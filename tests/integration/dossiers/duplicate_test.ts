/**
 * « Dupliquer ce dossier »: the usager's new brouillon starts from the answers of one of
 * their dossiers, without its pièces jointes; nobody else may duplicate it, and a démarche
 * that no longer accepts dossiers refuses in French.
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
import { refusal } from "../../helpers/refusal.ts";
import { publishedDemarche } from "../../helpers/demarche.ts";

const PDF = new TextEncoder().encode("%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n");

interface Ctx {
  t: TestInstance;
  admin: Agent;
  usager: Agent;
  demarcheId: number;
  deposited: number;
}

const duplicate = suite<Ctx>("dupliquer un dossier");
duplicate.before(async (ctx) => {
  const t = ctx.t = await startTestInstance();
  ctx.admin = await superAdminAgent(t);
  ctx.demarcheId = await publishedDemarche(ctx.admin, {
    titre: "Titre de navigation",
    path: "titre-navigation",
    form: {
      champs: [
        { stableId: "nom", type: "text", label: "Nom du bateau", mandatory: true },
        { stableId: "carte", type: "piece_justificative", label: "Carte de circulation" },
        {
          stableId: "equipage",
          type: "repetition",
          label: "Équipage",
          children: [{ stableId: "prenom", type: "text", label: "Prénom" }],
        },
      ],
      annotations: [],
    },
  });
  ctx.usager = await signedUpAgent(t, "proprietaire@exemple.fr");
  const u = ctx.usager.trpc.usager;
  const { id: dossier } = await u.start.mutate({ path: "titre-navigation" });
  const res = await ctx.usager.fetch(`${BASE_URL}/files`, {
    method: "POST",
    body: PDF,
    headers: { "content-type": "application/pdf", "x-filename": "carte.pdf" },
  });
  const carte = await res.json();
  await u.save.mutate({
    id: dossier,
    values: {
      nom: "Le Goéland",
      carte: [{ fileId: carte.id, filename: "carte.pdf", size: carte.size, mime: carte.mime }],
      equipage: [{ prenom: "Yann" }, { prenom: "Maïwenn" }],
    },
  });
  await u.deposer.mutate({ id: dossier });
  ctx.deposited = dossier;
});
duplicate.after(async (ctx) => {
  await ctx.t.stop();
});

duplicate("a new brouillon with the answers, the pièces jointes to attach again", async (ctx) => {
  const u = ctx.usager.trpc.usager;
  const copy = await u.duplicate.mutate({ id: ctx.deposited });
  assert.is.not(copy.id, ctx.deposited);
  assert.is(copy.filesLeft, true);
  const d = await u.dossier.query({ id: copy.id });
  assert.is(d.state, "brouillon");
  assert.is(d.demarche.id, ctx.demarcheId);
  assert.equal(d.values, {
    nom: "Le Goéland",
    equipage: [{ prenom: "Yann" }, { prenom: "Maïwenn" }],
  });
  const original = await u.dossier.query({ id: ctx.deposited });
  assert.is(original.state, "en_construction", "the original is untouched");
  assert.is((original.values.carte as unknown[]).length, 1);
  const mine = await u.dossiers.query({});
  assert.ok(mine.some((x: { id: number }) => x.id === copy.id), "listed in « Mes dossiers »");
});

duplicate("a dossier without files says nothing is left out", async (ctx) => {
  const u = ctx.usager.trpc.usager;
  const { id } = await u.start.mutate({ path: "titre-navigation" });
  await u.save.mutate({ id, values: { nom: "Sans pièce" } });
  const copy = await u.duplicate.mutate({ id });
  assert.is(copy.filesLeft, false);
  assert.equal((await u.dossier.query({ id: copy.id })).values, { nom: "Sans pièce" });
});

duplicate("only the owner duplicates: anyone else reads « not found »", async (ctx) => {
  const stranger = await signedUpAgent(ctx.t, "curieux@exemple.fr");
  const denied = await refusal(stranger.trpc.usager.duplicate.mutate({ id: ctx.deposited }));
  assert.is(denied.data?.httpStatus, 404);
  assert.match(denied.message, /n’existe pas/);
  const anonymous = await refusal(
    ctx.t.agent().trpc.usager.duplicate.mutate({ id: ctx.deposited }),
  );
  assert.is(anonymous.data?.httpStatus, 401);
  const malformed = await ctx.usager.call("usager.duplicate", { id: "abc" });
  assert.is(malformed.status, 400);
  assert.match(JSON.stringify(malformed.body), /Dossier inconnu/);
});

duplicate("a dossier en test is copied en test, on the démarche's draft form", async (ctx) => {
  const demarches = ctx.admin.trpc.admin.demarches;
  const { id: demarcheId } = await demarches.create.mutate({ titre: "Essai" });
  await demarches.saveForm.mutate({
    id: demarcheId,
    form: {
      champs: [
        { stableId: "nom", type: "text", label: "Nom du bateau", mandatory: true },
        { stableId: "port", type: "text", label: "Port d’attache", mandatory: false },
      ],
      annotations: [],
    },
  });
  const { path } = await demarches.get.query({ id: demarcheId });
  const u = ctx.admin.trpc.usager;
  const { id } = await u.start.mutate({ path: path!, test: true });
  await u.save.mutate({ id, values: { nom: "Essai", port: "Brest" } });
  const copy = await u.duplicate.mutate({ id });
  const d = await u.dossier.query({ id: copy.id });
  assert.is(d.test, true);
  assert.equal(d.champs.map((c) => c.stableId), ["nom", "port"]);
  assert.equal(d.values, { nom: "Essai", port: "Brest" });
});

duplicate("a closed démarche takes no new dossier, not even a copy", async (ctx) => {
  await ctx.admin.trpc.admin.demarches.close.mutate({ id: ctx.demarcheId });
  const closed = await refusal(ctx.usager.trpc.usager.duplicate.mutate({ id: ctx.deposited }));
  assert.is(closed.data?.httpStatus, 409);
  assert.match(closed.message, /close/);
});

duplicate.run();
