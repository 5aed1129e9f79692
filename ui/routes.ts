/** Every page and its French path. */
import type { RouteDefinition } from "@solidjs/router";
import Accueil from "./pages/accueil.tsx";
import Inscription from "./pages/inscription.tsx";
import Confirmation from "./pages/confirmation.tsx";
import Connexion from "./pages/connexion.tsx";
import MotDePasseOublie from "./pages/mot_de_passe_oublie.tsx";
import MotDePasseNouveau from "./pages/mot_de_passe_nouveau.tsx";
import Compte from "./pages/compte.tsx";
import CompteEmail from "./pages/compte_email.tsx";
import CompteDoubleAuthentification from "./pages/compte_double_authentification.tsx";
import AdministrateurDemande from "./pages/administrateur_demande.tsx";
import Admin from "./pages/admin.tsx";
import AdminDemarcheNouvelle from "./pages/admin_demarche_nouvelle.tsx";
import AdminDemarche from "./pages/admin_demarche.tsx";
import AdminParametres from "./pages/admin_parametres.tsx";
import AdminInstructeurs from "./pages/admin_instructeurs.tsx";
import AdminAdministrateurs from "./pages/admin_administrateurs.tsx";
import AdminFonctionnalites from "./pages/admin_fonctionnalites.tsx";
import AdminEmails from "./pages/admin_emails.tsx";
import AdminEtiquettes from "./pages/admin_etiquettes.tsx";
import AdminPublication from "./pages/admin_publication.tsx";
import AdminCatalogue from "./pages/admin_catalogue.tsx";
import AdminCatalogueDemarche from "./pages/admin_catalogue_demarche.tsx";
import AdminImporter from "./pages/admin_importer.tsx";
import AdminJetons from "./pages/admin_jetons.tsx";
import AdminFormulaire from "./pages/admin_formulaire.tsx";
import AdminAnnotations from "./pages/admin_formulaire_annotations.tsx";
import SuperAdminDemandes from "./pages/super_admin_demandes.tsx";
import SuperAdminTaches from "./pages/super_admin_taches.tsx";
import SuperAdminPlugins from "./pages/super_admin_plugins.tsx";
import Instruction from "./pages/instruction.tsx";
import InstructionDemarche from "./pages/instruction_demarche.tsx";
import InstructionDossier from "./pages/instruction_dossier.tsx";
import InstructionNotifications from "./pages/instruction_notifications.tsx";
import Avis from "./pages/avis.tsx";
import AvisDemande from "./pages/avis_demande.tsx";
import Installation from "./pages/installation.tsx";
import Commencer from "./pages/commencer.tsx";
import CommencerTest from "./pages/commencer_test.tsx";
import Dossier from "./pages/dossier.tsx";
import MesDossiers from "./pages/mes_dossiers.tsx";
import Introuvable from "./pages/introuvable.tsx";
import AttestationVerification from "./pages/attestation.tsx";

export const routes: RouteDefinition[] = [
  { path: "/", component: Accueil },
  { path: "/inscription", component: Inscription },
  { path: "/confirmation", component: Confirmation },
  { path: "/connexion", component: Connexion },
  { path: "/mot-de-passe/oublie", component: MotDePasseOublie },
  { path: "/mot-de-passe/nouveau", component: MotDePasseNouveau },
  { path: "/compte", component: Compte },
  { path: "/compte/email", component: CompteEmail },
  { path: "/compte/double-authentification", component: CompteDoubleAuthentification },
  { path: "/administrateur/demande", component: AdministrateurDemande },
  { path: "/admin", component: Admin },
  { path: "/admin/demarches/nouvelle", component: AdminDemarcheNouvelle },
  { path: "/admin/demarches/:id", component: AdminDemarche },
  { path: "/admin/demarches/:id/parametres", component: AdminParametres },
  { path: "/admin/demarches/:id/instructeurs", component: AdminInstructeurs },
  { path: "/admin/demarches/:id/administrateurs", component: AdminAdministrateurs },
  { path: "/admin/demarches/:id/fonctionnalites", component: AdminFonctionnalites },
  { path: "/admin/demarches/:id/emails", component: AdminEmails },
  { path: "/admin/demarches/:id/etiquettes", component: AdminEtiquettes },
  { path: "/admin/demarches/:id/publication", component: AdminPublication },
  { path: "/admin/catalogue", component: AdminCatalogue },
  { path: "/admin/catalogue/:id", component: AdminCatalogueDemarche },
  { path: "/admin/importer", component: AdminImporter },
  { path: "/admin/jetons", component: AdminJetons },
  { path: "/admin/demarches/:id/formulaire", component: AdminFormulaire },
  { path: "/admin/demarches/:id/annotations", component: AdminAnnotations },
  { path: "/super-admin", component: SuperAdminDemandes },
  { path: "/super-admin/demandes", component: SuperAdminDemandes },
  { path: "/super-admin/taches", component: SuperAdminTaches },
  { path: "/super-admin/plugins", component: SuperAdminPlugins },
  { path: "/instruction", component: Instruction },
  { path: "/instruction/demarches/:id", component: InstructionDemarche },
  { path: "/instruction/dossiers/:id", component: InstructionDossier },
  { path: "/instruction/notifications", component: InstructionNotifications },
  { path: "/avis", component: Avis },
  { path: "/avis/:id", component: AvisDemande },
  { path: "/installation", component: Installation },
  { path: "/commencer/test/:path", component: CommencerTest },
  { path: "/commencer/:path", component: Commencer },
  { path: "/dossiers", component: MesDossiers },
  { path: "/dossiers/:id", component: Dossier },
  { path: "/attestations", component: AttestationVerification },
  { path: "/attestations/:code", component: AttestationVerification },
  { path: "*404", component: Introuvable },
];
