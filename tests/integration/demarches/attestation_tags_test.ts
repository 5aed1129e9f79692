/**
 * A renamed champ never leaves a raw tag on an attestation: the publication checklist checks
 * the attestation's template like the e-mails (an unknown tag blocks publication, named, with
 * the section to fix it), and saving a template with a tag the form lacks is refused.
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
import { refusal } from "../../helpers/refusal.ts";
import { invitedAgent } from "../../helpers/people.ts";
import { drawnText } from "../../helpers/pdf.ts";

interface Ctx {
  t: TestInstance;
  admin: Agent;
  marc: Agent;
  usager: Agent;
  id: number;
  /** Taken en instruction on the form before the rename. */
  dossierId: number;
}

const champ = (label: string) => ({
  champs: [{ stableId: "nom", type: "text", label, mandatory: true }],
  annotations: [],
});

const tags = suite<Ctx>("attestation template tags");
tags.before(async (ctx) => {
  ctx.t = await startTestInstance();
  ctx.admin = await superAdminAgent(ctx.t);
  ctx.id = await publishedDemarche(ctx.admin, {
    titre: "Titre de navigation",
    path: "titre-navigation",
    form: champ("Nom du bateau"),
  });
  await ctx.admin.trpc.admin.demarches.setFonctionnalite.mutate({
    id: ctx.id,
    pluginId: "attestation_pdf",
    enabled: true,
    settings: { texte: "Le bateau « --Nom du bateau-- » peut naviguer." },
  });
  ctx.marc = await invitedAgent(ctx.t, "marc@mairie.fr");
  ctx.usager = await signedUpAgent(ctx.t, "proprietaire@exemple.fr");
  const { id } = await ctx.usager.trpc.usager.start.mutate({ path: "titre-navigation" });
  ctx.dossierId = id;
  await ctx.usager.trpc.usager.save.mutate({ id, values: { nom: "Le Goéland" } });
  await ctx.usager.trpc.usager.deposer.mutate({ id });
  await ctx.marc.trpc.instruction.decide.mutate({ id, event: "passer_en_instruction" });
});
tags.after(async (ctx) => {
  await ctx.t.stop();
});

tags("a champ renamed under the attestation's tag blocks publication, naming it", async (ctx) => {
  const demarches = ctx.admin.trpc.admin.demarches;
  await demarches.saveForm.mutate({ id: ctx.id, form: champ("Nom du navire") });
  const { missing } = await demarches.publicationStatus.query({ id: ctx.id });
  const item = missing.find((m) => m.section === "attestation");
  assert.ok(item, `the checklist says nothing of the attestation: ${JSON.stringify(missing)}`);
  assert.match(item.message, /« Texte de l’attestation »/);
  assert.match(item.message, /--Nom du bateau--/);
  const refused = await refusal(
    demarches.publish.mutate({ id: ctx.id, path: "titre-navigation" }),
  );
  assert.is(refused.data?.httpStatus, 400);
  assert.match(refused.message, /La démarche ne peut pas encore être publiée/);
  assert.match(refused.message, /--Nom du bateau--/);

  await demarches.setFonctionnalite.mutate({
    id: ctx.id,
    pluginId: "attestation_pdf",
    enabled: true,
    settings: { texte: "Le bateau « --Nom du navire-- » peut naviguer." },
  });
  const after = await demarches.publicationStatus.query({ id: ctx.id });
  assert.equal(after.missing, []);
  await demarches.publish.mutate({ id: ctx.id, path: "titre-navigation" });
});

tags("saving an attestation with a tag the form lacks is refused in French", async (ctx) => {
  const refused = await refusal(ctx.admin.trpc.admin.demarches.setFonctionnalite.mutate({
    id: ctx.id,
    pluginId: "attestation_pdf",
    enabled: true,
    settings: { titulaire: "--Propriétaire--", texte: "Accordé." },
  }));
  assert.is(refused.data?.httpStatus, 400);
  assert.match(refused.message, /« Titulaire »/);
  assert.match(refused.message, /--Propriétaire--/);
  // The balises of every e-mail stay allowed.
  await ctx.admin.trpc.admin.demarches.setFonctionnalite.mutate({
    id: ctx.id,
    pluginId: "attestation_pdf",
    enabled: true,
    settings: { texte: "Dossier n° --numéro du dossier-- : --Nom du navire--, --motivation--." },
  });
});

tags(
  "a dossier filled before the rename gets its value under the new label",
  async (ctx) => {
    const id = ctx.dossierId;
    await ctx.marc.trpc.instruction.decide.mutate({ id, event: "accepter" });
    await ctx.t.flush();
    const { attestation } = await ctx.usager.trpc.usager.dossier.query({ id });
    const res = await ctx.usager.fetch(`${BASE_URL}/files/${attestation!.id}`);
    const text = drawnText(new Uint8Array(await res.arrayBuffer()));
    assert.match(text, /Dossier n° \d+ : Le Goéland/);
    assert.not.match(text, /--Nom du/);
  },
);

tags.run();
