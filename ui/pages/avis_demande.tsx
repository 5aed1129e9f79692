/** `/avis/:id`: one request for an avis (placeholder until the answer form lands). */
import { Page } from "../components/page.tsx";
import { RequireRole } from "../components/require_role.tsx";

export default function AvisDemande() {
  return (
    <RequireRole role="expert">
      <Page title="Demande d’avis">
        <p class="loading">Chargement…</p>
      </Page>
    </RequireRole>
  );
}
