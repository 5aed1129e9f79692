/**
 * Attestations: a démarche with the attestation plugin switched on gives each accepted
 * dossier a PDF written from its template; its usager downloads it, a stranger cannot;
 * withdrawing the decision withdraws it; without the plugin there is none.
 */
import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import { PDFDocument } from "pdf-lib";
import {
  type Agent,
  BASE_URL,
  signedUpAgent,
  startTestInstance,
  superAdminAgent,
  type TestInstance,
} from "../../helpers/instance.ts";
import { invitedAgent } from "../../helpers/people.ts";
import { drawnText } from "../../helpers/pdf.ts";

interface Ctx {
  t: TestInstance;
  admin: Agent;
  marc: Agent;
  usager: Agent;
  demarcheId: number;
}

const attestation = suite<Ctx>("attestation");
attestation.before(async (ctx) => {
  const t = ctx.t = await startTestInstance();
  ctx.admin = await superAdminAgent(t);
  const admin = ctx.admin.trpc.admin.demarches;
  const { id } = await admin.create.mutate({ titre: "Titre de navigation" });
  ctx.demarcheId = id;
  await admin.updateSettings.mutate({
    id,
    titre: "Titre de navigation",
    service: { nom: "Service nautique", organisme: "Mairie de Brest", email: "n@mairie.fr" },
    siteWeb: "https://www.mairie.fr",
  });
  await admin.saveForm.mutate({
    id,
    form: {
      champs: [{ stableId: "nom", type: "text", label: "Nom du bateau", mandatory: true }],
      annotations: [],
    },
  });
  const [defaut] = await admin.groupes.list.query({ demarcheId: id });
  await admin.groupes.addInstructeur.mutate({
    demarcheId: id,
    groupeId: defaut.id,
    email: "marc@mairie.fr",
  });
  await admin.publish.mutate({ id, path: "titre-navigation" });
  ctx.marc = await invitedAgent(t, "marc@mairie.fr");
  ctx.usager = await signedUpAgent(t, "proprietaire@exemple.fr");
});
attestation.after(async (ctx) => {
  await ctx.t.stop();
});

async function accepted(ctx: Ctx, nom: string) {
  const { id } = await ctx.usager.trpc.usager.start.mutate({ path: "titre-navigation" });
  await ctx.usager.trpc.usager.save.mutate({ id, values: { nom } });
  await ctx.usager.trpc.usager.deposer.mutate({ id });
  await ctx.marc.trpc.instruction.decide.mutate({ id, event: "passer_en_instruction" });
  await ctx.marc.trpc.instruction.decide.mutate({ id, event: "accepter" });
  await ctx.t.flush();
  return id;
}

attestation(
  "without the plugin switched on, an accepted dossier has no attestation",
  async (ctx) => {
    const id = await accepted(ctx, "Sans attestation");
    assert.is((await ctx.usager.trpc.usager.dossier.query({ id })).attestation, null);
  },
);

attestation("switched on, acceptance gives a PDF written from the template", async (ctx) => {
  await ctx.admin.trpc.admin.demarches.setFonctionnalite.mutate({
    id: ctx.demarcheId,
    pluginId: "attestation_pdf",
    enabled: true,
    settings: {
      titre: "Attestation de navigation",
      texte: "Le bateau « --Nom du bateau-- » (dossier n° --numéro du dossier--) peut naviguer.",
      signataire: "Le maire, Jeanne Kerhervé",
    },
  });
  const id = await accepted(ctx, "Le Goéland");
  const dossier = await ctx.usager.trpc.usager.dossier.query({ id });
  assert.is(dossier.attestation?.filename, `attestation-${id}.pdf`);
  assert.is(
    (await ctx.marc.trpc.instruction.dossier.query({ id })).attestation?.id,
    dossier.attestation!.id,
  );
  const res = await ctx.usager.fetch(`${BASE_URL}/files/${dossier.attestation!.id}`);
  assert.is(res.status, 200);
  const bytes = new Uint8Array(await res.arrayBuffer());
  assert.is(new TextDecoder().decode(bytes.subarray(0, 5)), "%PDF-");
  const pdf = await PDFDocument.load(bytes);
  assert.is(pdf.getPageCount(), 1);
  assert.is(pdf.getTitle(), "Attestation de navigation");
  const text = drawnText(bytes);
  assert.match(text, /Service nautique, Mairie de Brest/);
  assert.match(
    text,
    new RegExp(`Le bateau « Le Goéland » \\(dossier n° ${id}\\) peut naviguer\\.`),
  );
  assert.match(text, /Le maire, Jeanne Kerhervé/);
  const stranger = await signedUpAgent(ctx.t, "curieux@exemple.fr");
  assert.is((await stranger.fetch(`${BASE_URL}/files/${dossier.attestation!.id}`)).status, 404);
});

attestation("repasser en instruction withdraws the attestation", async (ctx) => {
  const id = await accepted(ctx, "L’Hermine");
  assert.ok((await ctx.usager.trpc.usager.dossier.query({ id })).attestation);
  await ctx.marc.trpc.instruction.decide.mutate({ id, event: "repasser_en_instruction" });
  assert.is((await ctx.usager.trpc.usager.dossier.query({ id })).attestation, null);
});

attestation(
  "a declarative démarche that accepts by itself attaches the attestation too",
  async (ctx) => {
    const admin = ctx.admin.trpc.admin.demarches;
    await admin.updateSettings.mutate({
      id: ctx.demarcheId,
      titre: "Titre de navigation",
      mode: "declarative_accepte",
      service: { nom: "Service nautique", organisme: "Mairie de Brest", email: "n@mairie.fr" },
      siteWeb: "https://www.mairie.fr",
    });
    const { id } = await ctx.usager.trpc.usager.start.mutate({ path: "titre-navigation" });
    await ctx.usager.trpc.usager.save.mutate({ id, values: { nom: "Déclaré" } });
    await ctx.usager.trpc.usager.deposer.mutate({ id });
    await ctx.t.flush(); // the automatic acceptance, then the attestation
    const dossier = await ctx.usager.trpc.usager.dossier.query({ id });
    assert.is(dossier.state, "accepte");
    assert.is(dossier.attestation?.filename, `attestation-${id}.pdf`);
    assert.match(
      drawnText(
        new Uint8Array(
          await (await ctx.usager.fetch(
            `${BASE_URL}/files/${dossier.attestation!.id}`,
          )).arrayBuffer(),
        ),
      ),
      /Le bateau « Déclaré »/,
    );
  },
);

attestation.run();
