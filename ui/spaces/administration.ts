/** The administration space (the administrateurs' démarches, their form, settings, people, e-mails and jetons): one lazy chunk of the build (`ui/routes.ts`). */
export { default as Admin } from "../pages/admin.tsx";
export { default as AdminDemarcheNouvelle } from "../pages/admin_demarche_nouvelle.tsx";
export { default as AdminDemarche } from "../pages/admin_demarche.tsx";
export { default as AdminParametres } from "../pages/admin_parametres.tsx";
export { default as AdminInstructeurs } from "../pages/admin_instructeurs.tsx";
export { default as AdminAdministrateurs } from "../pages/admin_administrateurs.tsx";
export { default as AdminFonctionnalites } from "../pages/admin_fonctionnalites.tsx";
export { default as AdminEmails } from "../pages/admin_emails.tsx";
export { default as AdminWebhook } from "../pages/admin_webhook.tsx";
export { default as AdminEtiquettes } from "../pages/admin_etiquettes.tsx";
export { default as AdminPublication } from "../pages/admin_publication.tsx";
export { default as AdminCatalogue } from "../pages/admin_catalogue.tsx";
export { default as AdminCatalogueDemarche } from "../pages/admin_catalogue_demarche.tsx";
export { default as AdminImporter } from "../pages/admin_importer.tsx";
export { default as AdminJetons } from "../pages/admin_jetons.tsx";
export { default as AdminFormulaire } from "../pages/admin_formulaire.tsx";
export { default as AdminAnnotations } from "../pages/admin_formulaire_annotations.tsx";
