/** `/admin`: the administrator's space. No démarche exists yet: an empty state says what comes. */
import { Page } from "../components/page.tsx";
import { RequireRole } from "../components/require_role.tsx";

export default function Admin() {
  return (
    <RequireRole role="administrateur">
      <Page title="Espace administrateur">
        <section class="empty-state" aria-labelledby="aucune-demarche">
          <h2 id="aucune-demarche">Vous n’avez pas encore de démarche</h2>
          <p>C’est ici que vous pourrez bientôt :</p>
          <ol class="steps">
            <li>créer une démarche et construire son formulaire ;</li>
            <li>la tester avec vos instructeurs, sur des dossiers de test ;</li>
            <li>la publier et en partager le lien ;</li>
            <li>suivre les dossiers déposés et leurs décisions.</li>
          </ol>
          <p class="aside">
            La création de démarches arrive dans une prochaine version de Guichet.
          </p>
        </section>
      </Page>
    </RequireRole>
  );
}
