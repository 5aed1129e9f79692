/** The expert space (the experts' avis): one lazy chunk of the build (`ui/routes.ts`). */
export { default as Avis } from "../pages/avis.tsx";
export { default as AvisDemande } from "../pages/avis_demande.tsx";
