/**
 * The page around the form editor: role check, the démarche and its champ types loaded, a
 * way back to the démarche, and the switch between champs and annotations privées.
 */
import { createResource, Show } from "solid-js";
import { A, useParams } from "@solidjs/router";
import { api, problemOf } from "../../api.ts";
import { Page } from "../page.tsx";
import { RequireRole } from "../require_role.tsx";
import { FormEditor, type Section } from "./form_editor.tsx";

function Loaded(props: { section: Section }) {
  const params = useParams<{ id: string }>();
  const id = () => Number(params.id);
  const [data] = createResource(id, async (id) => {
    const [demarche, types] = await Promise.all([
      api.admin.demarches.get.query({ id }),
      api.admin.demarches.champTypes.query({ id }),
    ]);
    return { demarche, types };
  });
  const title = props.section === "champs" ? "Formulaire" : "Annotations privées";
  return (
    <Show
      when={data()}
      fallback={
        <Show when={data.error} fallback={<p class="loading" role="status">Chargement…</p>}>
          <Page title="Démarche introuvable">
            <p>{problemOf(data.error).message}</p>
            <p>
              <A href="/admin">Retour à mes démarches</A>
            </p>
          </Page>
        </Show>
      }
    >
      {(d) => (
        <Page
          title={`${title} – ${d().demarche.titre}`}
          intro={
            <p>
              <A href={`/admin/demarches/${id()}`}>Retour à la démarche</A>
            </p>
          }
        >
          <nav class="editor-tabs" aria-label="Ce que vous modifiez">
            <A
              href={`/admin/demarches/${id()}/formulaire`}
              aria-current={props.section === "champs" ? "page" : undefined}
            >
              Champs du formulaire
            </A>
            <A
              href={`/admin/demarches/${id()}/annotations`}
              aria-current={props.section === "annotations" ? "page" : undefined}
            >
              Annotations privées
            </A>
          </nav>
          <FormEditor
            demarcheId={id()}
            section={props.section}
            initial={d().demarche.form}
            types={d().types}
          />
        </Page>
      )}
    </Show>
  );
}

export function EditorPage(props: { section: Section }) {
  return (
    <RequireRole role="administrateur">
      <Loaded section={props.section} />
    </RequireRole>
  );
}
