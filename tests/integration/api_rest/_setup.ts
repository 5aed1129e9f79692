/**
 * What the read API's tests share: an instance with two published démarches, five deposited
 * dossiers and a brouillon on the first, a jeton over all the admin's démarches.
 */
import {
  type Agent,
  BASE_URL,
  keepSessionsOpen,
  signedUpAgent,
  startTestInstance,
  superAdminAgent,
  type TestInstance,
} from "../../helpers/instance.ts";
import { invitedAgent } from "../../helpers/people.ts";

export interface ApiCtx {
  t: TestInstance;
  now: Date;
  admin: Agent;
  marc: Agent;
  usager: Agent;
  demarcheId: number;
  autreId: number;
  deposited: number[];
  brouillon: number;
  autreDossier: number;
  secret: string;
}

/** A tool's request: `GET` with the jeton, the JSON it answers. */
export async function get(ctx: ApiCtx, path: string, secret: string | null = ctx.secret) {
  const res = await ctx.t.app.fetch(
    new Request(`${BASE_URL}/api/v1${path}`, {
      headers: secret === null ? {} : { authorization: `Bearer ${secret}` },
    }),
  );
  // deno-lint-ignore no-explicit-any
  return { status: res.status, headers: res.headers, body: await res.json() as any };
}

const FORM = {
  champs: [
    { stableId: "nom", type: "text", label: "Nom du bateau", mandatory: true },
    { stableId: "longueur", type: "decimal_number", label: "Longueur (m)" },
  ],
  annotations: [{ stableId: "avis", type: "textarea", label: "Avis du secrétariat" }],
};

async function publishedDemarche(
  admin: Agent,
  titre: string,
  opts: { path: string; instructeur: string },
) {
  const { id } = await admin.trpc.admin.demarches.create.mutate({ titre });
  await admin.trpc.admin.demarches.updateSettings.mutate({
    id,
    titre,
    service: { nom: "Service nautique", organisme: "Mairie", email: "nautique@mairie.fr" },
    siteWeb: "https://www.mairie.fr",
  });
  await admin.trpc.admin.demarches.saveForm.mutate({ id, form: FORM });
  const [defaut] = await admin.trpc.admin.demarches.groupes.list.query({ demarcheId: id });
  await admin.trpc.admin.demarches.groupes.addInstructeur.mutate({
    demarcheId: id,
    groupeId: defaut.id,
    email: opts.instructeur,
  });
  await admin.trpc.admin.demarches.publish.mutate({ id, path: opts.path });
  return id;
}

/** Two published démarches; five deposited dossiers and a brouillon on the first. */
export async function setUp(ctx: ApiCtx) {
  ctx.now = new Date("2026-03-02T09:00:00Z");
  const t = ctx.t = await startTestInstance({ clock: () => ctx.now });
  ctx.admin = await superAdminAgent(t);
  ctx.demarcheId = await publishedDemarche(ctx.admin, "Permis de naviguer", {
    path: "permis",
    instructeur: "marc@mairie.fr",
  });
  ctx.autreId = await publishedDemarche(ctx.admin, "Place au port", {
    path: "place-port",
    instructeur: "ines@mairie.fr",
  });
  ctx.marc = await invitedAgent(t, "marc@mairie.fr");
  ctx.usager = await signedUpAgent(t, "marin@exemple.fr");
  const usager = ctx.usager.trpc.usager;
  const deposit = async (path: string, nom: string) => {
    const { id } = await usager.start.mutate({ path });
    await usager.save.mutate({ id, values: { nom, longueur: 7.5 } });
    await usager.deposer.mutate({ id });
    return id;
  };
  ctx.deposited = [];
  for (const [i, nom] of ["Goéland", "Cormoran", "Mouette", "Sterne", "Fou"].entries()) {
    // Two dossiers share each minute: the id breaks the tie.
    ctx.now = new Date(Date.UTC(2026, 2, 2, 10, Math.floor(i / 2)));
    ctx.deposited.push(await deposit("permis", nom));
  }
  ctx.brouillon = (await usager.start.mutate({ path: "permis" })).id;
  ctx.autreDossier = await deposit("place-port", "Albatros");
  ctx.now = new Date("2026-03-02T11:00:00Z");
  const made = await ctx.admin.trpc.admin.jetons.create.mutate({
    label: "Tableur du service",
    days: 90,
    demarcheIds: null,
  });
  ctx.secret = made.secret;
  // The tests move the clock days ahead: the sessions must outlive it.
  await keepSessionsOpen(t);
}
