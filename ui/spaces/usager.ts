/**
 * The usager space (the public pages, signing in and up, one's account, the démarches' pages,
 * the list of one's dossiers): one lazy chunk of the build (`ui/routes.ts`). A dossier's own
 * page, with its form and every plugin's champs, is the `dossier` chunk.
 */
export { default as Accueil } from "../pages/accueil.tsx";
export { default as Inscription } from "../pages/inscription.tsx";
export { default as Confirmation } from "../pages/confirmation.tsx";
export { default as Connexion } from "../pages/connexion.tsx";
export { default as ConnexionLiaison } from "../pages/connexion_liaison.tsx";
export { default as ConnexionLiaisonConfirmer } from "../pages/connexion_liaison_confirmer.tsx";
export { default as MotDePasseOublie } from "../pages/mot_de_passe_oublie.tsx";
export { default as MotDePasseNouveau } from "../pages/mot_de_passe_nouveau.tsx";
export { default as Compte } from "../pages/compte.tsx";
export { default as CompteEmail } from "../pages/compte_email.tsx";
export { default as CompteDoubleAuthentification } from "../pages/compte_double_authentification.tsx";
export { default as AdministrateurDemande } from "../pages/administrateur_demande.tsx";
export { default as Commencer } from "../pages/commencer.tsx";
export { default as CommencerTest } from "../pages/commencer_test.tsx";
export { default as MesDossiers } from "../pages/mes_dossiers.tsx";
export { default as Preremplissage } from "../pages/preremplissage.tsx";
export { default as AttestationVerification } from "../pages/attestation.tsx";
export { default as Introuvable } from "../pages/introuvable.tsx";
