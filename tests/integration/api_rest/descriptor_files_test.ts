/**
 * The API beyond reading dossiers: a démarche's form descriptor (its published revision),
 * the files of the dossiers a jeton reads (pièces jointes, annotations, justificatif,
 * attestation) with their download address in the dossier, and the refusals: another
 * démarche's file, a brouillon's, a file the dossier does not show, a forged id.
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
import { publishedDemarche } from "../../helpers/demarche.ts";

const PDF = new TextEncoder().encode("%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n");

interface Ctx {
  t: TestInstance;
  admin: Agent;
  marc: Agent;
  usager: Agent;
  demarcheId: number;
  autreId: number;
  dossierId: number;
  brouillonId: number;
  autreDossierId: number;
  files: Record<string, string>;
  secret: string;
}

type Stored = { id: string; filename: string; size: number; mime: string };

async function upload(agent: Agent, filename: string): Promise<Stored> {
  const res = await agent.fetch(`${BASE_URL}/files`, {
    method: "POST",
    body: PDF,
    headers: { "content-type": "application/pdf", "x-filename": encodeURIComponent(filename) },
  });
  assert.is(res.status, 201);
  return await res.json();
}

const asValue = (f: Stored) => [{ fileId: f.id, filename: f.filename, size: f.size, mime: f.mime }];

const FORM = {
  champs: [
    { stableId: "s1", type: "header_section", label: "Le bateau" },
    {
      stableId: "nom",
      type: "text",
      label: "Nom du bateau",
      mandatory: true,
      description: "Tel qu’il est peint sur la coque.",
    },
    {
      stableId: "zone",
      type: "drop_down_list",
      label: "Zone",
      options: { choices: ["Atlantique", "Manche"] },
    },
    {
      stableId: "carte",
      type: "piece_justificative",
      label: "Carte de circulation",
      condition: { op: "eq", champ: "zone", value: "Manche" },
    },
    {
      stableId: "equipage",
      type: "repetition",
      label: "Équipage",
      children: [
        { stableId: "prenom", type: "text", label: "Prénom", mandatory: true },
        { stableId: "brevet", type: "piece_justificative", label: "Brevet" },
      ],
    },
  ],
  annotations: [
    { stableId: "interne", type: "piece_justificative", label: "Note interne" },
  ],
};

const api = suite<Ctx>("API: descriptor and files");
api.before(setup);
async function setup(ctx: Ctx) {
  const t = ctx.t = await startTestInstance();
  ctx.admin = await superAdminAgent(t);
  ctx.demarcheId = await publishedDemarche(ctx.admin, {
    titre: "Titre de navigation",
    path: "titre-navigation",
    form: FORM,
  });
  ctx.autreId = await publishedDemarche(ctx.admin, {
    titre: "Place au port",
    path: "place-port",
    form: {
      champs: [{ stableId: "plan", type: "piece_justificative", label: "Plan" }],
      annotations: [],
    },
  });
  await ctx.admin.trpc.admin.demarches.setFonctionnalite.mutate({
    id: ctx.demarcheId,
    pluginId: "attestation_pdf",
    enabled: true,
    settings: {
      titre: "Attestation de navigation",
      texte: "Le bateau « --Nom du bateau-- » peut naviguer.",
      signataire: "Le maire",
    },
  });
  ctx.marc = await invitedAgent(t, "marc@mairie.fr");
  ctx.usager = await signedUpAgent(t, "proprietaire@exemple.fr");
  const u = ctx.usager.trpc.usager;
  const files: Record<string, Stored> = {};
  for (const name of ["carte", "brevet", "plan", "brouillon", "non_joint"]) {
    files[name] = await upload(ctx.usager, `${name}.pdf`);
  }

  const { id } = await u.start.mutate({ path: "titre-navigation" });
  ctx.dossierId = id;
  await u.save.mutate({
    id,
    values: {
      nom: "Le Goéland",
      zone: "Manche",
      carte: asValue(files.carte),
      equipage: [{ prenom: "Yann", brevet: asValue(files.brevet) }],
    },
  });
  await u.deposer.mutate({ id });
  const i = ctx.marc.trpc.instruction;
  await i.decide.mutate({ id, event: "passer_en_instruction" });
  files.interne = await upload(ctx.marc, "note interne.pdf");
  await i.saveAnnotations.mutate({ id, values: { interne: asValue(files.interne) } });
  files.courrier = await upload(ctx.marc, "courrier.pdf");
  await ctx.marc.trpc.messagerie.post.mutate({
    dossierId: id,
    body: "Bien reçu.",
    fileId: files.courrier.id,
  });
  files.justificatif = await upload(ctx.marc, "arrêté.pdf");
  await i.decide.mutate({ id, event: "accepter", fileId: files.justificatif.id });
  await t.flush();

  const brouillon = await u.start.mutate({ path: "titre-navigation" });
  ctx.brouillonId = brouillon.id;
  await u.save.mutate({
    id: brouillon.id,
    values: { zone: "Manche", carte: asValue(files.brouillon) },
  });

  const autre = await u.start.mutate({ path: "place-port" });
  ctx.autreDossierId = autre.id;
  await u.save.mutate({ id: autre.id, values: { plan: asValue(files.plan) } });
  await u.deposer.mutate({ id: autre.id });

  ctx.files = Object.fromEntries(Object.entries(files).map(([k, f]) => [k, f.id]));
  const dossier = await t.deps.db.selectFrom("dossiers").select("attestation_file_id")
    .where("id", "=", id).executeTakeFirstOrThrow();
  assert.ok(dossier.attestation_file_id, "the accepted dossier has its attestation");
  ctx.files.attestation = dossier.attestation_file_id!;

  // The draft changes after publication: the API gives the published revision.
  await ctx.admin.trpc.admin.demarches.saveForm.mutate({
    id: ctx.demarcheId,
    form: {
      ...FORM,
      champs: [...FORM.champs, { stableId: "neuf", type: "text", label: "Brouillon" }],
    },
  });
  ctx.secret = (await ctx.admin.trpc.admin.jetons.create.mutate({
    label: "Archivage",
    days: 30,
    demarcheIds: [ctx.demarcheId],
  })).secret;
}
api.after(async (ctx) => {
  await ctx.t.stop();
});

async function call(ctx: Ctx, path: string, init: RequestInit = {}, secret = ctx.secret) {
  return await ctx.t.app.fetch(
    new Request(`${BASE_URL}/api/v1${path}`, {
      ...init,
      headers: { authorization: `Bearer ${secret}`, ...init.headers },
    }),
  );
}

// deno-lint-ignore no-explicit-any
async function json(ctx: Ctx, path: string): Promise<{ status: number; body: any }> {
  const res = await call(ctx, path);
  return { status: res.status, body: await res.json() };
}

api(
  "GET /demarches/:id describes the published form: champs, sections, lists, conditions, répétitions, annotations",
  async (ctx) => {
    const { status, body } = await json(ctx, `/demarches/${ctx.demarcheId}`);
    assert.is(status, 200, JSON.stringify(body));
    const d = body.demarche;
    assert.is(d.id, ctx.demarcheId);
    assert.is(d.titre, "Titre de navigation");
    assert.is(d.etat, "publiee");
    assert.is(d.chemin, "titre-navigation");
    assert.is(typeof d.description, "string");
    assert.is(d.revision.numero, 1);
    assert.ok(d.revision.publiee_le);
    assert.equal(
      d.champs.map((c: { id: string }) => c.id),
      ["s1", "nom", "zone", "carte", "equipage"],
      "the published revision, not the draft changed since",
    );
    const [section, nom, zone, carte, equipage] = d.champs;
    assert.is(section.section, true);
    assert.is(section.type, "header_section");
    assert.equal(nom, {
      id: "nom",
      libelle: "Nom du bateau",
      type: "text",
      type_libelle: nom.type_libelle,
      obligatoire: true,
      description: "Tel qu’il est peint sur la coque.",
      section: false,
      options: {},
      choix: null,
      condition: null,
    });
    assert.ok(nom.type_libelle.length > 0);
    assert.equal(zone.choix, ["Atlantique", "Manche"]);
    assert.equal(zone.options.choices, ["Atlantique", "Manche"]);
    assert.equal(carte.condition, { op: "eq", champ: "zone", value: "Manche" });
    assert.equal(
      equipage.enfants.map((c: { id: string; obligatoire: boolean }) => [c.id, c.obligatoire]),
      [
        ["prenom", true],
        ["brevet", false],
      ],
    );
    assert.equal(d.annotations.map((c: { id: string }) => c.id), ["interne"]);
  },
);

api("a démarche out of the jeton's reach or unknown is not found", async (ctx) => {
  for (const id of [ctx.autreId, 999_999]) {
    const { status, body } = await json(ctx, `/demarches/${id}`);
    assert.is(status, 404);
    assert.is(body.erreur.message, "Cette démarche n’existe pas.");
  }
  assert.is((await json(ctx, "/demarches/abc")).status, 404);
});

api("the dossier lists each file it shows with its API address", async (ctx) => {
  const { status, body } = await json(ctx, `/dossiers/${ctx.dossierId}`);
  assert.is(status, 200);
  const byId = new Map(
    body.dossier.fichiers.map((f: { id: string }) => [f.id, f]),
  );
  for (const name of ["carte", "brevet", "interne", "justificatif", "attestation"]) {
    const f = byId.get(ctx.files[name]) as Record<string, unknown>;
    assert.ok(f, `${name} is listed`);
    assert.is(f.url, `/api/v1/dossiers/${ctx.dossierId}/fichiers/${ctx.files[name]}`);
  }
  assert.equal(byId.get(ctx.files.carte), {
    id: ctx.files.carte,
    nom: "carte.pdf",
    taille: PDF.length,
    type_mime: "application/pdf",
    origine: "champ",
    champ_id: "carte",
    url: `/api/v1/dossiers/${ctx.dossierId}/fichiers/${ctx.files.carte}`,
  });
  assert.is((byId.get(ctx.files.brevet) as { champ_id: string }).champ_id, "brevet");
  assert.is((byId.get(ctx.files.interne) as { origine: string }).origine, "annotation");
  assert.is((byId.get(ctx.files.justificatif) as { origine: string }).origine, "justificatif");
  assert.is((byId.get(ctx.files.attestation) as { origine: string }).origine, "attestation");
  assert.not.ok(byId.has(ctx.files.courrier), "the messagerie is not part of the dossier's JSON");
  assert.is(byId.size, 5);
});

api("a jeton downloads each file the dossier shows, with its type and name", async (ctx) => {
  for (const name of ["carte", "brevet", "interne", "justificatif", "attestation"]) {
    const res = await call(ctx, `/dossiers/${ctx.dossierId}/fichiers/${ctx.files[name]}`);
    assert.is(res.status, 200, name);
    assert.is(res.headers.get("content-type"), "application/pdf");
    assert.match(res.headers.get("content-disposition") ?? "", /^attachment; filename\*=UTF-8''/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    assert.equal(bytes.slice(0, 5), new TextEncoder().encode("%PDF-"), name);
  }
  const res = await call(ctx, `/dossiers/${ctx.dossierId}/fichiers/${ctx.files.carte}`);
  assert.equal(new Uint8Array(await res.arrayBuffer()), PDF);
});

api(
  "denied: another démarche's file, a brouillon's, one the dossier does not show, a forged id",
  async (ctx) => {
    const cases: [string, string][] = [
      [`/dossiers/${ctx.autreDossierId}/fichiers/${ctx.files.plan}`, "another démarche's dossier"],
      [`/dossiers/${ctx.dossierId}/fichiers/${ctx.files.plan}`, "another dossier's file"],
      [`/dossiers/${ctx.brouillonId}/fichiers/${ctx.files.brouillon}`, "a brouillon's file"],
      [`/dossiers/${ctx.dossierId}/fichiers/${ctx.files.brouillon}`, "a brouillon's file, here"],
      [`/dossiers/${ctx.dossierId}/fichiers/${ctx.files.courrier}`, "the messagerie's file"],
      [
        `/dossiers/${ctx.dossierId}/fichiers/${ctx.files.non_joint}`,
        "an upload attached to nothing",
      ],
      [`/dossiers/${ctx.dossierId}/fichiers/${crypto.randomUUID()}`, "a forged id"],
      [`/dossiers/${ctx.dossierId}/fichiers/..%2F..%2Fetc%2Fpasswd`, "a path"],
    ];
    for (const [path, why] of cases) {
      const res = await call(ctx, path);
      assert.is(res.status, 404, why);
      const body = await res.json();
      assert.match(body.erreur.message, /n’existe pas/, why);
    }
    const none = await call(
      ctx,
      `/dossiers/${ctx.dossierId}/fichiers/${ctx.files.carte}`,
      {},
      "gch_x",
    );
    assert.is(none.status, 401, "no valid jeton, no file");
  },
);

api("a known address with another method: 405 with Allow and a French message", async (ctx) => {
  for (
    const [method, path, allow] of [
      ["DELETE", `/dossiers/${ctx.dossierId}`, /GET/],
      ["PUT", "/demarches", /GET/],
      ["POST", `/demarches/${ctx.demarcheId}`, /GET/],
      ["DELETE", `/dossiers/${ctx.dossierId}/fichiers/${ctx.files.carte}`, /GET/],
    ] as const
  ) {
    const res = await call(ctx, path, { method });
    assert.is(res.status, 405, `${method} ${path}`);
    assert.match(res.headers.get("allow") ?? "", allow);
    const body = await res.json();
    assert.is(body.erreur.code, "METHOD_NOT_ALLOWED");
    assert.match(body.erreur.message, new RegExp(`La méthode ${method} n’est pas acceptée`));
  }
  const unknown = await call(ctx, "/demarches/1/inconnu", { method: "DELETE" });
  assert.is(unknown.status, 404, "an unknown address stays 404 whatever the method");
});

api.run();
