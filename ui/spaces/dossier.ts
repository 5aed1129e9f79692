/**
 * A usager's dossier (`/dossiers/<id>`): its form with every plugin's champs, its messagerie,
 * its invitations. A chunk of its own (`ui/routes.ts`): a démarche's page does not need it.
 */
export { default as Dossier } from "../pages/dossier.tsx";
