/** `/admin/demarches/:id/formulaire`: the form editor of a démarche (champs), with preview. */
import { EditorPage } from "../components/editor/editor_page.tsx";

export default function AdminFormulaire() {
  return <EditorPage section="champs" />;
}
