/**
 * « Télécharger le dossier »: the récapitulatif PDF and the ZIP of it with the dossier's
 * files, as the usager and as the instructeur get them — each only what their page shows —
 * and the denials: a stranger, an instructeur of another démarche, nobody signed in.
 */
import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import { unzipSync } from "fflate";
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
import { publishedDemarche } from "../../helpers/demarche.ts";

const PDF = new TextEncoder().encode("%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n");

interface Ctx {
  t: TestInstance;
  marc: Agent;
  usager: Agent;
  expert: Agent;
  dossierId: number;
  carteId: string;
}

async function upload(agent: Agent, filename: string) {
  const res = await agent.fetch(`${BASE_URL}/files`, {
    method: "POST",
    body: PDF,
    headers: { "content-type": "application/pdf", "x-filename": encodeURIComponent(filename) },
  });
  assert.is(res.status, 201);
  return await res.json() as { id: string; filename: string; size: number; mime: string };
}

const asValue = (f: { id: string; filename: string; size: number; mime: string }) => [
  { fileId: f.id, filename: f.filename, size: f.size, mime: f.mime },
];

const documents = suite<Ctx>("télécharger le dossier");
documents.before(async (ctx) => {
  const t = ctx.t = await startTestInstance();
  await publishedDemarche(await superAdminAgent(t), {
    titre: "Titre de navigation",
    path: "titre-navigation",
    form: {
      champs: [
        { stableId: "s1", type: "header_section", label: "Le bateau" },
        { stableId: "nom", type: "text", label: "Nom du bateau", mandatory: true },
        { stableId: "carte", type: "piece_justificative", label: "Carte de circulation" },
        {
          stableId: "equipage",
          type: "repetition",
          label: "Équipage",
          children: [{ stableId: "prenom", type: "text", label: "Prénom" }],
        },
      ],
      annotations: [
        { stableId: "secretariat", type: "text", label: "Avis du secrétariat" },
        { stableId: "interne", type: "piece_justificative", label: "Note interne" },
      ],
    },
  });
  ctx.marc = await invitedAgent(t, "marc@mairie.fr");
  ctx.usager = await signedUpAgent(t, "proprietaire@exemple.fr");

  const u = ctx.usager.trpc.usager;
  const { id: dossierId } = await u.start.mutate({ path: "titre-navigation" });
  ctx.dossierId = dossierId;
  const carte = await upload(ctx.usager, "carte « 2026 ».pdf");
  ctx.carteId = carte.id;
  await u.save.mutate({
    id: dossierId,
    values: {
      nom: "Le Goéland",
      carte: asValue(carte),
      equipage: [{ prenom: "Yann" }, { prenom: "Maïwenn" }],
    },
  });
  await u.deposer.mutate({ id: dossierId });
  const i = ctx.marc.trpc.instruction;
  await i.decide.mutate({ id: dossierId, event: "passer_en_instruction" });
  const note = await upload(ctx.marc, "note interne.pdf");
  await i.saveAnnotations.mutate({
    id: dossierId,
    values: { secretariat: "Dossier complet.", interne: asValue(note) },
  });
  const question = await upload(ctx.marc, "plan.pdf");
  await i.avis.ask.mutate({
    dossierId,
    emails: ["expert@chantier.fr"],
    introduction: "Le bateau est-il en état ?",
    question: "Navigable ?",
    confidentiel: true,
    fileId: question.id,
  });
  ctx.expert = await invitedAgent(t, "expert@chantier.fr", "Votre avis est demandé");
  const [asked] = await ctx.expert.trpc.expert.avis.query();
  const rapport = await upload(ctx.expert, "rapport.pdf");
  await ctx.expert.trpc.expert.answer.mutate({
    avisId: asked.id,
    answer: "Coque saine.",
    yes: true,
    fileId: rapport.id,
  });
  const courrier = await upload(ctx.marc, "courrier.pdf");
  await ctx.marc.trpc.messagerie.post.mutate({
    dossierId,
    body: "Votre dossier est en bonne voie.",
    fileId: courrier.id,
  });
  await i.decide.mutate({ id: dossierId, event: "accepter", motivation: "Conforme." });
  await t.flush();
});
documents.after(async (ctx) => {
  await ctx.t.stop();
});

async function get(agent: Agent, url: string) {
  const res = await agent.fetch(`${BASE_URL}${url}`);
  return { res, bytes: new Uint8Array(await res.arrayBuffer()) };
}

documents(
  "the usager's PDF: the demande, the messagerie, the history; no annotation, no avis",
  async (ctx) => {
    const { res, bytes } = await get(ctx.usager, `/dossiers/${ctx.dossierId}/pdf`);
    assert.is(res.status, 200);
    assert.is(res.headers.get("content-type"), "application/pdf");
    assert.match(
      res.headers.get("content-disposition")!,
      new RegExp(`dossier-${ctx.dossierId}\\.pdf`),
    );
    const pdf = await PDFDocument.load(bytes);
    assert.is(pdf.getTitle(), `Dossier n° ${ctx.dossierId}`);
    const text = drawnText(bytes);
    for (
      const expected of [
        `Dossier n° ${ctx.dossierId}`,
        "Démarche « Titre de navigation »",
        "Service nautique, Mairie de Brest",
        "Le bateau",
        "Nom du bateau",
        "Le Goéland",
        "carte « 2026 ».pdf",
        "Maïwenn",
        "Accepté",
        "Conforme.",
        "Votre dossier est en bonne voie.",
        "Historique",
        "Acceptation",
      ]
    ) assert.ok(text.includes(expected), `« ${expected} » is in the PDF`);
    for (
      const hidden of ["Annotations privées", "Dossier complet.", "Avis externes", "Coque saine."]
    ) {
      assert.not.ok(text.includes(hidden), `« ${hidden} » is not for the usager`);
    }
  },
);

documents("the instructeur's PDF adds the annotations privées and the avis", async (ctx) => {
  const { res, bytes } = await get(ctx.marc, `/dossiers/${ctx.dossierId}/pdf`);
  assert.is(res.status, 200);
  const text = drawnText(bytes);
  for (
    const expected of [
      "Annotations privées",
      "Avis du secrétariat",
      "Dossier complet.",
      "Avis de expert@chantier.fr (confidentiel)",
      "Le bateau est-il en état ?",
      "Coque saine.",
      "Question : Navigable ?",
      "Oui",
      "Le Goéland",
    ]
  ) assert.ok(text.includes(expected), `« ${expected} » is in the PDF`);
});

documents("the ZIPs: the PDF and each file the reader may see, in its folder", async (ctx) => {
  const root = `dossier-${ctx.dossierId}`;
  const usager = await get(ctx.usager, `/dossiers/${ctx.dossierId}/zip`);
  assert.is(usager.res.status, 200);
  assert.is(usager.res.headers.get("content-type"), "application/zip");
  const theirs = unzipSync(usager.bytes);
  assert.equal(
    Object.keys(theirs).sort(),
    [
      `${root}/${root}.pdf`,
      `${root}/messagerie/courrier.pdf`,
      `${root}/pieces-jointes/carte « 2026 ».pdf`,
    ].sort(),
  );
  assert.equal(theirs[`${root}/pieces-jointes/carte « 2026 ».pdf`], PDF);
  assert.is(new TextDecoder().decode(theirs[`${root}/${root}.pdf`].subarray(0, 5)), "%PDF-");

  const marc = unzipSync((await get(ctx.marc, `/dossiers/${ctx.dossierId}/zip`)).bytes);
  const avis = Object.keys(marc).filter((p) => p.includes("/avis/")).sort();
  assert.is(avis.length, 2);
  assert.match(avis[0], /\/avis\/\d+-demande\/plan\.pdf$/);
  assert.match(avis[1], /\/avis\/\d+-reponse\/rapport\.pdf$/);
  assert.ok(marc[`${root}/messagerie/courrier.pdf`]);
});

documents("each file opens only to those whose page shows it", async (ctx) => {
  const [avis] = await ctx.marc.trpc.instruction.avis.list.query({ dossierId: ctx.dossierId });
  const messages = await ctx.marc.trpc.messagerie.list.query({ dossierId: ctx.dossierId });
  const dossier = await ctx.marc.trpc.instruction.dossier.query({ id: ctx.dossierId });
  const note = (dossier.annotationValues.interne as { fileId: string }[])[0].fileId;
  const files = {
    carte: ctx.carteId,
    courrier: messages.messages.find((m) => m.file)!.file!.id,
    question: avis.fileId!,
    reponse: avis.answerFileId!,
    note,
  };
  const status = async (agent: Agent, id: string) =>
    (await agent.fetch(`${BASE_URL}/files/${id}`)).status;
  const expected: [Agent, string, Record<keyof typeof files, number>][] = [
    [ctx.marc, "the instructeur", {
      carte: 200,
      courrier: 200,
      question: 200,
      reponse: 200,
      note: 200,
    }],
    [ctx.usager, "the usager", {
      carte: 200,
      courrier: 200,
      question: 404,
      reponse: 404,
      note: 404,
    }],
    [ctx.expert, "the expert", {
      carte: 200,
      courrier: 200,
      question: 200,
      reponse: 200,
      note: 404,
    }],
  ];
  for (const [agent, who, codes] of expected) {
    for (const [name, id] of Object.entries(files)) {
      assert.is(await status(agent, id), codes[name as keyof typeof files], `${who}, ${name}`);
    }
  }
});

documents("nobody else downloads it", async (ctx) => {
  const stranger = await signedUpAgent(ctx.t, "curieux@exemple.fr");
  for (const kind of ["pdf", "zip"]) {
    const url = `/dossiers/${ctx.dossierId}/${kind}`;
    const refused = await get(stranger, url);
    assert.is(refused.res.status, 404);
    assert.match(new TextDecoder().decode(refused.bytes), /Ce dossier n’existe pas/);
    assert.is((await get(ctx.t.agent(), url)).res.status, 401);
    assert.is(
      (await get(ctx.expert, url)).res.status,
      404,
      "the expert reads it in the avis space",
    );
  }
  const missing = await get(ctx.usager, "/dossiers/abc/pdf");
  assert.is(missing.res.status, 404);
  assert.match(new TextDecoder().decode(missing.bytes), /Ce dossier n’existe pas/);
  assert.is((await get(ctx.usager, "/dossiers/999999/zip")).res.status, 404);
  // Past PostgreSQL's integer (ids are 32 bits there): not found, not a 500.
  assert.is((await get(ctx.usager, "/dossiers/2147483648/pdf")).res.status, 404);
});

documents("a value naming someone else's file never packs that file", async (ctx) => {
  const other = await signedUpAgent(ctx.t, "autre@exemple.fr");
  const secret = await upload(other, "secret.pdf");
  const u = ctx.usager.trpc.usager;
  const { id } = await u.start.mutate({ path: "titre-navigation" });
  const saved = await u.save.mutate({ id, values: { nom: "Pirate", carte: asValue(secret) } });
  assert.match(saved.errors.carte, /introuvable/);
  const zip = unzipSync((await get(ctx.usager, `/dossiers/${id}/zip`)).bytes);
  assert.equal(Object.keys(zip), [`dossier-${id}/dossier-${id}.pdf`]);
});

documents.run();
