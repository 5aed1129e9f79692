/** `/admin/demarches/:id/annotations`: the editor of the annotations privées. */
import { Page } from "../components/page.tsx";
import { RequireRole } from "../components/require_role.tsx";

export default function AdminAnnotations() {
  return (
    <RequireRole role="administrateur">
      <Page title="Annotations privées">
        <p>L’éditeur d’annotations arrive.</p>
      </Page>
    </RequireRole>
  );
}
