/**
 * Every page and its French path. Each space is a chunk of its own, loaded when one of its
 * pages is first shown (Solid's `lazy`): a usager opening `/commencer/<path>` downloads the
 * usager pages, never the instruction or administration ones.
 */
import { type Component, lazy } from "solid-js";
import type { RouteDefinition, RoutePreloadFunc } from "@solidjs/router";
import { api } from "./api.ts";
import { PREFETCH, prefetch } from "./prefetch.ts";

/** The pages of one space, each loaded with the whole space the first time one is shown. */
function space<M extends Record<string, unknown>>(load: () => Promise<M>) {
  return (name: keyof M & string) =>
    lazy(() => load().then((pages) => ({ default: pages[name] as Component })));
}

const loadInstruction = () => import("./spaces/instruction.ts");
const usager = space(() => import("./spaces/usager.ts"));
const dossier = space(() => import("./spaces/dossier.ts"));
const instruction = space(loadInstruction);
const administration = space(() => import("./spaces/administration.ts"));
const expert = space(() => import("./spaces/expert.ts"));
const superAdmin = space(() => import("./spaces/super_admin.ts"));

/**
 * A route's data, sent ahead as the page is about to show (`ui/prefetch.ts`), in the same
 * request as the session; not on a link's hover, which may never lead anywhere.
 */
function ahead(send: RoutePreloadFunc): RoutePreloadFunc {
  return (args) => {
    if (args.intent !== "preload") send(args);
  };
}

const demarchePage = (test: boolean) =>
  ahead(({ params }) =>
    prefetch(api.usager.demarche.query({ path: params.path ?? "", test }, PREFETCH))
  );

export const routes: RouteDefinition[] = [
  { path: "/", component: usager("Accueil") },
  { path: "/inscription", component: usager("Inscription") },
  { path: "/confirmation", component: usager("Confirmation") },
  { path: "/connexion", component: usager("Connexion") },
  { path: "/connexion/liaison", component: usager("ConnexionLiaison") },
  { path: "/connexion/liaison/confirmer", component: usager("ConnexionLiaisonConfirmer") },
  { path: "/mot-de-passe/oublie", component: usager("MotDePasseOublie") },
  { path: "/mot-de-passe/nouveau", component: usager("MotDePasseNouveau") },
  { path: "/compte", component: usager("Compte") },
  { path: "/compte/email", component: usager("CompteEmail") },
  { path: "/compte/double-authentification", component: usager("CompteDoubleAuthentification") },
  { path: "/administrateur/demande", component: usager("AdministrateurDemande") },
  { path: "/admin", component: administration("Admin") },
  { path: "/admin/demarches/nouvelle", component: administration("AdminDemarcheNouvelle") },
  { path: "/admin/demarches/:id", component: administration("AdminDemarche") },
  { path: "/admin/demarches/:id/parametres", component: administration("AdminParametres") },
  { path: "/admin/demarches/:id/instructeurs", component: administration("AdminInstructeurs") },
  {
    path: "/admin/demarches/:id/administrateurs",
    component: administration("AdminAdministrateurs"),
  },
  {
    path: "/admin/demarches/:id/fonctionnalites",
    component: administration("AdminFonctionnalites"),
  },
  { path: "/admin/demarches/:id/webhook", component: administration("AdminWebhook") },
  { path: "/admin/demarches/:id/emails", component: administration("AdminEmails") },
  { path: "/admin/demarches/:id/etiquettes", component: administration("AdminEtiquettes") },
  { path: "/admin/demarches/:id/publication", component: administration("AdminPublication") },
  { path: "/admin/catalogue", component: administration("AdminCatalogue") },
  { path: "/admin/catalogue/:id", component: administration("AdminCatalogueDemarche") },
  { path: "/admin/importer", component: administration("AdminImporter") },
  { path: "/admin/jetons", component: administration("AdminJetons") },
  { path: "/admin/api", component: administration("AdminApiDocumentation") },
  { path: "/admin/demarches/:id/formulaire", component: administration("AdminFormulaire") },
  { path: "/admin/demarches/:id/annotations", component: administration("AdminAnnotations") },
  { path: "/super-admin", component: superAdmin("SuperAdminDemandes") },
  { path: "/super-admin/demandes", component: superAdmin("SuperAdminDemandes") },
  { path: "/super-admin/taches", component: superAdmin("SuperAdminTaches") },
  { path: "/super-admin/plugins", component: superAdmin("SuperAdminPlugins") },
  { path: "/super-admin/journal", component: superAdmin("SuperAdminJournal") },
  {
    path: "/super-admin/fournisseurs-identite",
    component: superAdmin("SuperAdminFournisseurs"),
  },
  {
    path: "/instruction",
    component: instruction("Instruction"),
    preload: ahead(() => prefetch(api.instruction.demarches.query(undefined, PREFETCH))),
  },
  {
    path: "/instruction/demarches/:id",
    component: instruction("InstructionDemarche"),
    preload: ahead(({ params, location }) => {
      const demarcheId = Number(params.id);
      prefetch(
        api.instruction.demarches.query(undefined, PREFETCH),
        api.instruction.labels.list.query({ demarcheId }, PREFETCH),
        api.instruction.collegues.query({ demarcheId }, PREFETCH),
        api.instruction.champs.query({ demarcheId }, PREFETCH),
        // The page's first query depends on its URL's filters and sort: the page builds it.
        loadInstruction().then((space) => space.preloadDashboard(demarcheId, location.query)),
      );
    }),
  },
  { path: "/instruction/dossiers/:id", component: instruction("InstructionDossier") },
  { path: "/instruction/notifications", component: instruction("InstructionNotifications") },
  { path: "/avis", component: expert("Avis") },
  { path: "/avis/:id", component: expert("AvisDemande") },
  { path: "/installation", component: superAdmin("Installation") },
  {
    path: "/commencer/test/:path",
    component: usager("CommencerTest"),
    preload: demarchePage(true),
  },
  { path: "/commencer/:path", component: usager("Commencer"), preload: demarchePage(false) },
  { path: "/dossiers", component: usager("MesDossiers") },
  { path: "/preremplissage/:secret", component: usager("Preremplissage") },
  { path: "/dossiers/:id", component: dossier("Dossier") },
  { path: "/attestations", component: usager("AttestationVerification") },
  { path: "/attestations/:code", component: usager("AttestationVerification") },
  { path: "*404", component: usager("Introuvable") },
];
