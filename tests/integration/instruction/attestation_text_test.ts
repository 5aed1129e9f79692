/**
 * Official documents never mangle a name: the attestation and the récapitulatif, read back
 * with pdftotext, hold Polish, Vietnamese, Arabic and Breton names as typed (no « ? »), the
 * paragraphs of a motivation on their own lines, and « 12 h 30 » with its narrow no-break
 * spaces kept together.
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
import { invitedAgent } from "../../helpers/people.ts";
import { drawnText } from "../../helpers/pdf.ts";
import { publishedDemarche } from "../../helpers/demarche.ts";

interface Ctx {
  t: TestInstance;
  marc: Agent;
  usager: Agent;
  dossierId: number;
}

const NNBSP = "\u202f";
const MOTIVATION = `Bonjour Madame,\n\nMerci pour votre dossier complet.\nRendez-vous le 3 mars ` +
  `à 12${NNBSP}h${NNBSP}30${NNBSP}: apportez l’original.`;

const text = suite<Ctx>("names and paragraphs in generated PDFs");
text.before(async (ctx) => {
  const t = ctx.t = await startTestInstance();
  const admin = await superAdminAgent(t);
  const demarcheId = await publishedDemarche(admin, {
    titre: "Titre de navigation",
    path: "titre-navigation",
    form: {
      champs: [
        { stableId: "prenom", type: "text", label: "Prénom", mandatory: true },
        { stableId: "nom", type: "text", label: "Nom", mandatory: true },
        { stableId: "bateau", type: "text", label: "Nom du bateau", mandatory: true },
        { stableId: "port", type: "textarea", label: "Port d’attache" },
      ],
      annotations: [],
    },
  });
  await admin.trpc.admin.demarches.setFonctionnalite.mutate({
    id: demarcheId,
    pluginId: "attestation_pdf",
    enabled: true,
    settings: {
      titre: "Attestation de navigation",
      titulaire: "--Prénom-- --Nom--",
      texte: "Le bateau « --Nom du bateau-- » peut naviguer.\n\nMotif : --motivation--",
    },
  });
  ctx.marc = await invitedAgent(t, "marc@mairie.fr");
  ctx.usager = await signedUpAgent(t, "titulaire@exemple.fr");
  const u = ctx.usager.trpc.usager;
  const { id } = await u.start.mutate({ path: "titre-navigation" });
  ctx.dossierId = id;
  await u.save.mutate({
    id,
    values: {
      prenom: "Żółć",
      nom: "Łukasiewicz",
      bateau: "Nguyễn Thị Minh Khai",
      port: "Kêr-Is, C'hoari\nDoñana\nمحمد",
    },
  });
  await u.deposer.mutate({ id });
  await ctx.marc.trpc.instruction.decide.mutate({ id, event: "passer_en_instruction" });
  await ctx.marc.trpc.instruction.decide.mutate({ id, event: "accepter", motivation: MOTIVATION });
  await t.flush();
});
text.after(async (ctx) => {
  await ctx.t.stop();
});

async function pdf(agent: Agent, path: string): Promise<string> {
  const res = await agent.fetch(`${BASE_URL}${path}`);
  assert.is(res.status, 200);
  // Arabic is drawn in its joined (presentation) forms: NFKC reads them as the letters.
  return drawnText(new Uint8Array(await res.arrayBuffer())).normalize("NFKC");
}

function assertNames(text: string) {
  assert.not.match(text, /\?/, `a character became « ? »:\n${text}`);
  assert.not.match(text, /\ufffd/, `a character is missing from the font:\n${text}`);
  assert.match(text, /Żółć Łukasiewicz|Łukasiewicz/);
  assert.match(text, /Nguyễn Thị Minh Khai/);
}

text("the attestation prints every name as typed, and the motivation's paragraphs", async (ctx) => {
  const { attestation } = await ctx.usager.trpc.usager.dossier.query({ id: ctx.dossierId });
  const text = await pdf(ctx.usager, `/files/${attestation!.id}`);
  assertNames(text);
  assert.match(text, /Titulaire : Żółć Łukasiewicz/);
  assert.match(text, /Le bateau « Nguyễn Thị Minh Khai » peut naviguer\./);
  // Each paragraph on its own line, not « Bonjour Madame,??Merci… ».
  assert.match(text, /Motif : Bonjour Madame,\n+Merci pour votre dossier complet\.\n/);
  // The narrow no-break spaces (read as spaces by NFKC) keep « 12 h 30 : » on one line.
  assert.match(text, /à 12 h 30 : apportez l’original\./);
});

text("the récapitulatif prints Breton, Polish, Vietnamese and Arabic answers", async (ctx) => {
  const text = await pdf(ctx.usager, `/dossiers/${ctx.dossierId}/pdf`);
  assertNames(text);
  assert.match(text, /Kêr-Is, C'hoari\nDoñana\n/);
  assert.match(text, /محمد/);
  const instructeur = await pdf(ctx.marc, `/dossiers/${ctx.dossierId}/pdf`);
  assertNames(instructeur);
  assert.match(instructeur, /Bonjour Madame,\n+Merci pour votre dossier complet\./);
});

text.run();
