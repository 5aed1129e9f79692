/**
 * The demonstration's dossiers, filed and processed through the real API so that every
 * space has something to show: usagers' dossiers in each state, an instructeur's dashboard
 * with dossiers to take in hand, followed, decided, a correction asked, a message unread.
 */
import type { createTRPCClient } from "@trpc/client";
import type { AppRouter } from "./api/router.ts";

type Client = ReturnType<typeof createTRPCClient<AppRouter>>;

export interface DemoKit {
  /** A new API client; its cookie is kept in `jar`. */
  client(jar?: { cookie: string }): Client;
  /** The token of the last mail to `email` whose subject holds `subject`. */
  tokenMailedTo(email: string, subject: string): Promise<string>;
  /** Sends a request to the app in process. */
  fetch(path: string, init: RequestInit, cookie: string): Promise<Response>;
  readonly password: string;
}

/** A one-page PDF, the carte grise every navigation dossier needs. */
const PDF = new TextEncoder().encode(
  "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n",
);

const USAGERS = [
  ["Madame", "Nolwenn Tanguy", "nolwenn.tanguy"],
  ["Monsieur", "Yann Le Bihan", "yann.lebihan"],
  ["Madame", "Sophie Morvan", "sophie.morvan"],
  ["Monsieur", "Loïc Guillou", "loic.guillou"],
  ["Monsieur", "Erwan Cadiou", "erwan.cadiou"],
] as const;

/** Code INSEE and postal code: Finistère for the default groupe, Morbihan for its own. */
const COMMUNES = [
  { code: "29019", codePostal: "29200" }, // Brest
  { code: "29232", codePostal: "29000" }, // Quimper
  { code: "29039", codePostal: "29900" }, // Concarneau
  { code: "56260", codePostal: "56000" }, // Vannes
  { code: "29151", codePostal: "29600" }, // Morlaix
  { code: "56121", codePostal: "56100" }, // Lorient
];

const BATEAUX = [
  ["Le Goéland", "Voilier", 8.5, false, ["Gilets de sauvetage", "Radio VHF"]],
  ["Ar Mor", "Bateau à moteur", 6.2, true, ["Gilets de sauvetage"]],
  ["Penn Ar Bed", "Voilier", 11.4, true, ["Gilets de sauvetage", "Radio VHF", "Radeau de survie"]],
  ["L’Hermine", "Semi-rigide", 4.8, true, ["Gilets de sauvetage"]],
  ["Sterenn", "Voilier", 9.9, false, ["Gilets de sauvetage", "Balise de détresse"]],
  ["La Mouette", "Bateau à moteur", 7.3, true, []],
  ["Korrigan", "Voilier", 6.7, false, ["Radio VHF"]],
  ["Enez Vaz", "Semi-rigide", 5.5, true, ["Gilets de sauvetage", "Radio VHF"]],
  ["Tonnerre de Brest", "Bateau à moteur", 12.1, true, ["Radio VHF", "Balise de détresse"]],
  ["Marie-Galante", "Voilier", 10.2, true, ["Gilets de sauvetage"]],
] as const;

/**
 * The navigation title comes with an attestation, its own acceptance e-mail and the labels
 * its instructeurs sort dossiers with.
 */
export async function customizeNavigation(admin: Client, demarcheId: number) {
  await admin.admin.demarches.setFonctionnalite.mutate({
    id: demarcheId,
    pluginId: "attestation_pdf",
    enabled: true,
    settings: {
      titre: "Titre de navigation",
      texte: "Le bateau « --Nom du bateau-- », de type --Type de bateau-- et d’une longueur de " +
        "--Longueur hors tout (mètres)-- m, appartenant à --Nom et prénom--, est autorisé à " +
        "naviguer dans les eaux du port de Brest pour une durée de trois ans à compter du " +
        "--date de décision--.",
      signataire: "Pour le maire, le responsable du service nautique",
    },
  });
  await admin.admin.demarches.mails.save.mutate({
    id: demarcheId,
    kind: "accepte",
    subject: "Votre titre de navigation pour « --Nom du bateau-- » est accordé",
    body: "Bonjour --Nom et prénom--,\n\nVotre demande n° --numéro du dossier-- est acceptée : " +
      "« --Nom du bateau-- » peut naviguer.\n\nMotif : --motivation--\n\nVotre titre " +
      "(attestation PDF) est sur la page de votre dossier : --lien dossier--",
  });
  for (const [name, color] of DEMO_LABELS) {
    await admin.admin.demarches.labels.create.mutate({ demarcheId, name, color });
  }
}

const DEMO_LABELS = [
  ["Pièce manquante", "orange"],
  ["Visite du bateau", "bleu"],
  ["Urgent", "rouge"],
] as const;

export async function seedDossiers(kit: DemoKit, demarcheIds: readonly number[]) {
  const [navigation, manifestation, jardins] = demarcheIds;
  const people: {
    civilite: string;
    nom: string;
    email: string;
    jar: { cookie: string };
    trpc: Client;
  }[] = [];
  for (const [civilite, nom, login] of USAGERS) {
    const email = `${login}@demo.guichet.fr`;
    const jar = { cookie: "" };
    const trpc = kit.client(jar);
    await trpc.auth.signUp.mutate({ email, password: kit.password });
    await trpc.auth.confirmEmail.mutate({
      token: await kit.tokenMailedTo(email, "Confirmez"),
      password: kit.password,
    });
    people.push({ civilite, nom, email, jar, trpc });
  }
  const upload = async (cookie: string) => {
    const res = await kit.fetch("/files", {
      method: "POST",
      body: PDF,
      headers: { "content-type": "application/pdf", "x-filename": "carte-grise.pdf" },
    }, cookie);
    const file = await res.json() as { id: string; filename: string; size: number; mime: string };
    return { fileId: file.id, filename: file.filename, size: file.size, mime: file.mime };
  };

  // Demande de titre de navigation: ten dossiers, two of them from the Morbihan.
  const filed: number[] = [];
  for (const [i, [nomBateau, type, longueur, moteur, equipements]] of BATEAUX.entries()) {
    const owner = people[i % people.length];
    const { id } = await owner.trpc.usager.start.mutate({ path: "titre-de-navigation" });
    const saved = await owner.trpc.usager.save.mutate({
      id,
      values: {
        civilite: owner.civilite,
        nom: owner.nom,
        email: owner.email,
        commune: COMMUNES[i % COMMUNES.length],
        nom_bateau: nomBateau,
        type_bateau: type,
        longueur,
        moteur,
        ...(moteur ? { puissance: 10 + i * 7 } : {}),
        equipements: [...equipements],
        date_construction: `${1990 + i * 3}-0${1 + (i % 9)}-15`,
        carte_grise: [await upload(owner.jar.cookie)],
        engagement: true,
      },
    });
    if (Object.keys(saved.errors).length) {
      throw new Error(`Demo dossier ${nomBateau}: ${JSON.stringify(saved.errors)}`);
    }
    await owner.trpc.usager.deposer.mutate({ id });
    filed.push(id);
  }
  // A brouillon the usager has not deposited yet.
  const { id: brouillon } = await people[0].trpc.usager.start.mutate({
    path: "titre-de-navigation",
  });
  await people[0].trpc.usager.save.mutate({
    id: brouillon,
    values: { civilite: "Madame", nom: "Nolwenn Tanguy", nom_bateau: "Avel Vor" },
  });

  // The instructeur of the default groupe takes some in hand and decides.
  const jean = kit.client();
  await jean.auth.signIn.mutate({
    email: "jean.instructeur@demo.guichet.fr",
    password: kit.password,
  });
  const own = (await jean.instruction.dashboard.query({ demarcheId: navigation, tab: "tous" }))
    .dossiers.map((d) => d.id).sort((a, b) => a - b);
  const [accepte, refuse, correction, enInstruction, suivi] = own;
  for (const id of [accepte, refuse, correction, enInstruction]) {
    await jean.instruction.decide.mutate({ id, event: "passer_en_instruction" });
  }
  await jean.instruction.saveAnnotations.mutate({
    id: accepte,
    values: {
      avis_secretariat: "Dossier complet, carte grise conforme.",
      pret_validation: true,
      decision_finale: "Favorable",
    },
  });
  await jean.instruction.decide.mutate({
    id: accepte,
    event: "accepter",
    motivation: "Votre titre de navigation est accordé pour trois ans.",
  });
  await jean.instruction.decide.mutate({
    id: refuse,
    event: "refuser",
    motivation: "La longueur déclarée ne correspond pas à la carte grise.",
  });
  await jean.messagerie.requestCorrection.mutate({
    dossierId: correction,
    reason: "outdated",
    body: "La carte grise jointe a expiré : joignez la carte grise en cours de validité.",
  });
  await jean.instruction.follow.mutate({ id: suivi, on: true });
  const labels = await jean.instruction.labels.list.query({ demarcheId: navigation });
  const label = (name: string) => labels.find((l) => l.name === name)!.id;
  await jean.instruction.labels.set.mutate({
    dossierId: correction,
    labelIds: [label("Pièce manquante")],
  });
  await jean.instruction.labels.set.mutate({
    dossierId: enInstruction,
    labelIds: [label("Visite du bateau"), label("Urgent")],
  });
  const page = await jean.instruction.dashboard.query({ demarcheId: navigation, tab: "tous" });
  const owner = people.find((p) => p.email === page.dossiers.find((d) => d.id === suivi)?.usager);
  await owner?.trpc.messagerie.post.mutate({
    dossierId: suivi,
    body: "Bonjour, le bateau sera au port de Brest jusqu’à la fin du mois si besoin.",
  });

  // Déclarations: one goes en instruction by itself, the gardens are accepted by themselves.
  const { id: regate } = await people[1].trpc.usager.start.mutate({
    path: "manifestation-nautique",
  });
  await people[1].trpc.usager.save.mutate({
    id: regate,
    values: {
      organisateur: "Société des régates de Brest",
      debut: "2027-06-12T09:30",
      region: "53",
      participants: 120,
    },
  });
  await people[1].trpc.usager.deposer.mutate({ id: regate });
  for (const [i, nomJardin] of ["Les Jardins du Vallon", "Le Potager de Kerinou"].entries()) {
    const owner = people[2 + i];
    const { id } = await owner.trpc.usager.start.mutate({ path: "jardins-partages" });
    await owner.trpc.usager.save.mutate({
      id,
      values: {
        nom_jardin: nomJardin,
        commune_jardin: COMMUNES[0],
        parcelles: 12 + i * 8,
        ouvert: i === 0,
      },
    });
    await owner.trpc.usager.deposer.mutate({ id });
  }
  return { navigation, manifestation, jardins, filed };
}
