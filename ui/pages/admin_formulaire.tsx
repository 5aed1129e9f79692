/** `/admin/demarches/:id/formulaire`: the form editor of a démarche (champs). */
import { Page } from "../components/page.tsx";
import { RequireRole } from "../components/require_role.tsx";

export default function AdminFormulaire() {
  return (
    <RequireRole role="administrateur">
      <Page title="Formulaire">
        <p>L’éditeur de formulaire arrive.</p>
      </Page>
    </RequireRole>
  );
}
