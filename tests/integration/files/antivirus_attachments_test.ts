/**
 * Every place a file is attached at once, through Debian's real clamd: a message (usager or
 * instructeur), an avis's question and answer, a decision's justificatif, an annotation
 * privée and a démarche's logo take only a file the antivirus has found sound — one still
 * being checked, infected or not checkable is refused with a French error naming it, and
 * nothing is written. An attestation whose démarche's logo lost its bytes (found infected)
 * is made without the logo rather than failing.
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
import { invitedAgent } from "../../helpers/people.ts";
import { refusal } from "../../helpers/refusal.ts";
import { drawnText } from "../../helpers/pdf.ts";
import { type Clamd, EICAR, startClamd } from "../../helpers/clamd.ts";

// A 1×1 transparent PNG.
const PNG = Uint8Array.from(
  atob(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  ),
  (c) => c.charCodeAt(0),
);
/** Still a PNG by its content, and what the test's clamd finds infected. */
const INFECTED_PNG = new Uint8Array([...PNG, ...new TextEncoder().encode("charge utile")]);

const FORM = {
  champs: [{ stableId: "nom", type: "text", label: "Nom du bateau", mandatory: true }],
  annotations: [{
    stableId: "rapport",
    type: "piece_justificative",
    label: "Rapport de visite",
    options: {},
  }],
};

interface Ctx {
  t: TestInstance;
  clamd: Clamd;
  admin: Agent;
  marc: Agent;
  usager: Agent;
  demarcheId: number;
}

interface Sent {
  id: string;
  filename: string;
  size: number;
  mime: string;
}

async function send(agent: Agent, bytes: Uint8Array, name: string, type = "text/plain") {
  const res = await agent.fetch(`${BASE_URL}/files`, {
    method: "POST",
    body: new Uint8Array(bytes),
    headers: { "content-type": type, "x-filename": encodeURIComponent(name) },
  });
  assert.is(res.status, 201);
  return await res.json() as Sent;
}

/** A sound file, one waiting for the antivirus, and one it found infected. */
async function threeFiles(t: TestInstance, agent: Agent, stem: string) {
  const sound = await send(agent, new TextEncoder().encode(`${stem}, en règle`), `${stem}.txt`);
  const infected = await send(agent, EICAR, `${stem}-virus.txt`);
  await t.flush();
  const waiting = await send(agent, new TextEncoder().encode(`${stem}, suite`), `${stem}-2.txt`);
  return { sound, infected, waiting };
}

const WAITS = (name: string) =>
  new RegExp(`« ${name.replaceAll(".", "\\.")} » est en cours de vérification par l’antivirus`);
const INFECTED = (name: string) =>
  new RegExp(`« ${name.replaceAll(".", "\\.")} » contient un virus \\(Eicar-Test-Signature\\)`);

const attachments = suite<Ctx>("files: what is attached at once must be sound (real clamd)");
attachments.before(async (ctx) => {
  ctx.clamd = await startClamd({
    signatures: [{ bytes: INFECTED_PNG, name: "Guichet-Test-Image" }],
  });
  ctx.t = await startTestInstance({ env: { CLAMD_SOCKET: ctx.clamd.socket } });
  ctx.admin = await superAdminAgent(ctx.t);
  ctx.demarcheId = await publishedDemarche(ctx.admin, {
    titre: "Titre de navigation",
    path: "titre-navigation",
    form: FORM,
  });
  ctx.marc = await invitedAgent(ctx.t, "marc@mairie.fr");
  ctx.usager = await signedUpAgent(ctx.t, "proprietaire@exemple.fr");
});
attachments.after(async (ctx) => {
  await ctx.t.stop();
  await ctx.clamd.close();
});

async function deposited(ctx: Ctx, nom: string): Promise<number> {
  const { id } = await ctx.usager.trpc.usager.start.mutate({ path: "titre-navigation" });
  await ctx.usager.trpc.usager.save.mutate({ id, values: { nom } });
  await ctx.usager.trpc.usager.deposer.mutate({ id });
  return id;
}

async function messageFiles(t: TestInstance, dossierId: number) {
  return (await t.deps.db.selectFrom("messages").select("file_id")
    .where("dossier_id", "=", dossierId).execute()).map((m) => m.file_id);
}

attachments(
  "a message's file still being checked or infected is refused, naming it; a sound one goes",
  async (ctx) => {
    const { t, usager, marc } = ctx;
    const dossierId = await deposited(ctx, "Le Goéland");
    for (const [who, agent] of [["usager", usager], ["instructeur", marc]] as const) {
      const files = await threeFiles(t, agent, `piece-${who}`);
      const waiting = await refusal(
        agent.trpc.messagerie.post.mutate({ dossierId, body: "Voici", fileId: files.waiting.id }),
      );
      assert.match(waiting.message, WAITS(files.waiting.filename));
      assert.is(waiting.data?.httpStatus, 409);
      const infected = await refusal(
        agent.trpc.messagerie.post.mutate({ dossierId, body: "Voici", fileId: files.infected.id }),
      );
      assert.match(infected.message, INFECTED(files.infected.filename));
      assert.match(infected.message, /Retirez-le et joignez un fichier sain/);
      await agent.trpc.messagerie.post.mutate({
        dossierId,
        body: "Voici",
        fileId: files.sound.id,
      });
    }
    const sound = await messageFiles(t, dossierId);
    assert.is(sound.length, 2, "only the messages with a sound file were written");
    const attached = await t.deps.db.selectFrom("files").select(["filename", "attached_kind"])
      .where("filename", "like", "piece-%").orderBy("filename").execute();
    assert.equal(
      attached.filter((f) => f.attached_kind !== null).map((f) => f.filename),
      ["piece-instructeur.txt", "piece-usager.txt"],
      "a refused file is not attached to the dossier",
    );
  },
);

attachments(
  "an avis's question and the expert's answer refuse a file the antivirus has not found sound",
  async (ctx) => {
    const { t, marc } = ctx;
    const dossierId = await deposited(ctx, "La Mouette");
    const files = await threeFiles(t, marc, "plan");
    const ask = (fileId: string) =>
      marc.trpc.instruction.avis.ask.mutate({
        dossierId,
        emails: ["expert@chantier.fr"],
        introduction: "Pouvez-vous examiner la coque ?",
        fileId,
      });
    assert.match((await refusal(ask(files.waiting.id))).message, WAITS(files.waiting.filename));
    assert.match(
      (await refusal(ask(files.infected.id))).message,
      INFECTED(files.infected.filename),
    );
    assert.is(
      (await t.deps.db.selectFrom("avis").select("id").where("dossier_id", "=", dossierId)
        .execute()).length,
      0,
      "no avis asked with a refused file",
    );
    await ask(files.sound.id);
    const expert = await invitedAgent(t, "expert@chantier.fr", "Votre avis est demandé");
    const [request] = await expert.trpc.expert.avis.query();
    const answers = await threeFiles(t, expert, "expertise");
    const answer = (fileId: string) =>
      expert.trpc.expert.answer.mutate({ avisId: request.id, answer: "Coque saine.", fileId });
    assert.match(
      (await refusal(answer(answers.waiting.id))).message,
      WAITS(answers.waiting.filename),
    );
    assert.match(
      (await refusal(answer(answers.infected.id))).message,
      INFECTED(answers.infected.filename),
    );
    await answer(answers.sound.id);
  },
);

attachments(
  "a decision's justificatif must be sound: refused on its field, the dossier stays",
  async (ctx) => {
    const { t, marc } = ctx;
    const id = await deposited(ctx, "Le Cormoran");
    await marc.trpc.instruction.decide.mutate({ id, event: "passer_en_instruction" });
    const files = await threeFiles(t, marc, "justificatif");
    const refuse = (fileId: string) =>
      marc.trpc.instruction.decide.mutate({
        id,
        event: "refuser",
        motivation: "Coque non conforme.",
        fileId,
      });
    const waiting = await refusal(refuse(files.waiting.id));
    assert.match(waiting.message, WAITS(files.waiting.filename));
    assert.match(
      (waiting.data as { fields?: Record<string, string> })?.fields?.fileId ?? "",
      WAITS(files.waiting.filename),
      "shown next to the justificatif's input",
    );
    const infected = await refusal(refuse(files.infected.id));
    assert.match(infected.message, INFECTED(files.infected.filename));
    assert.is(
      (await marc.trpc.instruction.dossier.query({ id })).state,
      "en_instruction",
      "no decision with a refused justificatif",
    );
    await refuse(files.sound.id);
    const seen = await ctx.usager.trpc.usager.dossier.query({ id });
    assert.is(seen.justificatif?.id, files.sound.id);
  },
);

attachments(
  "an annotation privée refuses a file the antivirus has not found sound, and keeps its value",
  async (ctx) => {
    const { t, marc } = ctx;
    const id = await deposited(ctx, "Le Fou de Bassan");
    const files = await threeFiles(t, marc, "rapport");
    const value = (f: Sent) => [{ fileId: f.id, filename: f.filename, size: f.size, mime: f.mime }];
    const save = (f: Sent) =>
      marc.trpc.instruction.saveAnnotations.mutate({ id, values: { rapport: value(f) } });
    const waiting = await refusal(save(files.waiting));
    const named =
      /Le fichier « rapport-2\.txt » du champ « Rapport de visite » est en cours de vérification par l’antivirus/;
    assert.match(waiting.message, named);
    assert.match(
      (waiting.data as { fields?: Record<string, string> })?.fields?.rapport ?? "",
      named,
    );
    assert.match(
      (await refusal(save(files.infected))).message,
      /Le fichier « rapport-virus\.txt » du champ « Rapport de visite » contient un virus/,
    );
    assert.equal(
      (await marc.trpc.instruction.dossier.query({ id })).annotationValues,
      {},
      "nothing written",
    );
    await save(files.sound);
    assert.equal(
      (await marc.trpc.instruction.dossier.query({ id })).annotationValues.rapport,
      value(files.sound),
    );
  },
);

attachments("a démarche's logo must be sound to be set", async (ctx) => {
  const { t, admin, demarcheId } = ctx;
  const setLogo = (fileId: string) =>
    admin.trpc.admin.demarches.setLogo.mutate({ id: demarcheId, fileId });
  const infected = await send(admin, INFECTED_PNG, "blason.png", "image/png");
  const waiting = await refusal(setLogo(infected.id));
  assert.match(waiting.message, WAITS("blason.png"));
  await t.flush();
  const refused = await refusal(setLogo(infected.id));
  assert.match(refused.message, /« blason\.png » contient un virus \(Guichet-Test-Image\)/);
  assert.is((await admin.trpc.admin.demarches.get.query({ id: demarcheId })).logoFileId, null);
  const sound = await send(admin, PNG, "logo.png", "image/png");
  await t.flush();
  await setLogo(sound.id);
  assert.is((await admin.trpc.admin.demarches.get.query({ id: demarcheId })).logoFileId, sound.id);
});

/** How many images the PDF holds (`pdfimages -list`, poppler-utils). */
function imageCount(bytes: Uint8Array): number {
  const file = Deno.makeTempFileSync({ suffix: ".pdf" });
  try {
    Deno.writeFileSync(file, bytes);
    const out = new Deno.Command("pdfimages", { args: ["-list", file], stdout: "piped" })
      .outputSync();
    // Two header lines, then one line an image.
    return new TextDecoder().decode(out.stdout).trim().split("\n").length - 2;
  } finally {
    Deno.removeSync(file);
  }
}

attachments(
  "an attestation is made without the logo once the logo's bytes are gone",
  async (ctx) => {
    const { t, admin, marc, usager, demarcheId } = ctx;
    await admin.trpc.admin.demarches.setFonctionnalite.mutate({
      id: demarcheId,
      pluginId: "attestation_pdf",
      enabled: true,
      settings: {
        titre: "Attestation de navigation",
        texte: "Le bateau « --Nom du bateau-- » peut naviguer.",
        signataire: "Le maire",
      },
    });
    const accepted = async (nom: string) => {
      const id = await deposited(ctx, nom);
      await marc.trpc.instruction.decide.mutate({ id, event: "passer_en_instruction" });
      await marc.trpc.instruction.decide.mutate({ id, event: "accepter" });
      await t.flush();
      const attestation = (await usager.trpc.usager.dossier.query({ id })).attestation;
      assert.ok(attestation, `the attestation of « ${nom} » is made`);
      const res = await usager.fetch(`${BASE_URL}/files/${attestation.id}`);
      assert.is(res.status, 200);
      return new Uint8Array(await res.arrayBuffer());
    };
    assert.ok(imageCount(await accepted("Le Macareux")) > 0, "the logo is drawn");
    // The logo set in the test above, as one set before setLogo asked the antivirus (while it
    // was still being checked) and found infected since: its row says so, its bytes are gone.
    const { logoFileId } = await admin.trpc.admin.demarches.get.query({ id: demarcheId });
    const logo = await t.deps.db.selectFrom("files").select("storage_key")
      .where("id", "=", logoFileId!).executeTakeFirstOrThrow();
    await t.deps.db.updateTable("files")
      .set({ scan_state: "infecte", scan_detail: "Guichet-Test-Image" })
      .where("id", "=", logoFileId!).execute();
    await t.deps.blobs.remove(logo.storage_key);
    const bytes = await accepted("Le Pétrel");
    assert.is(imageCount(bytes), 0, "the same attestation, without its logo");
    assert.match(drawnText(bytes), /Le bateau « Le Pétrel » peut naviguer\./);
    // Bytes lost whatever the antivirus said: still no failure, no logo.
    await t.deps.db.updateTable("files").set({ scan_state: "sain", scan_detail: null })
      .where("id", "=", logoFileId!).execute();
    assert.is(imageCount(await accepted("Le Fulmar")), 0);
  },
);

attachments.run();
