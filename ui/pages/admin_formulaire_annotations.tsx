/** `/admin/demarches/:id/annotations`: the editor of the annotations privées, with preview. */
import { EditorPage } from "../components/editor/editor_page.tsx";

export default function AdminAnnotations() {
  return <EditorPage section="annotations" />;
}
