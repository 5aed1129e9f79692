/**
 * `/admin/importer`: a démarche en test from a definition file exported by Guichet (here or
 * on another instance). The file is read in the browser; problems are listed by champ.
 */
import { createSignal, For, Show } from "solid-js";
import { useNavigate } from "@solidjs/router";
import { api, type Problem, problemOf } from "../api.ts";
import { Page } from "../components/page.tsx";
import { RequireRole } from "../components/require_role.tsx";
import { Breadcrumb } from "../components/admin/breadcrumb.tsx";

function Importer() {
  const navigate = useNavigate();
  const [pending, setPending] = createSignal(false);
  const [problem, setProblem] = createSignal<Problem | null>(null);
  let alert: HTMLDivElement | undefined;
  const fail = (p: Problem) => {
    setProblem(p);
    alert?.focus();
  };
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (pending()) return;
    const file = (new FormData(event.currentTarget as HTMLFormElement).get("fichier")) as
      | File
      | null;
    setProblem(null);
    if (!file || file.size === 0) {
      return fail({ message: "Choisissez le fichier de la définition (.json).", fields: {} });
    }
    let definition: unknown;
    try {
      definition = JSON.parse(await file.text());
    } catch {
      return fail({
        message:
          `Le fichier « ${file.name} » n’est pas un fichier JSON lisible : choisissez le fichier exporté par Guichet.`,
        fields: {},
      });
    }
    setPending(true);
    try {
      const { id } = await api.admin.demarches.importDefinition.mutate({ definition });
      navigate(`/admin/demarches/${id}`, {
        state: { flash: "La démarche est importée, en test. Vérifiez ses paramètres." },
      });
    } catch (error) {
      fail(problemOf(error));
    } finally {
      setPending(false);
    }
  };
  /** "Définition non valide : « A » : … « B » : …" split into one line per champ. */
  const lines = () => {
    const p = problem();
    if (!p) return [];
    const byChamp = Object.values(p.fields).filter((m) => m);
    if (byChamp.length === 0) return [];
    return p.message.replace(/^[^:]*:\s*/, "").split(/\s(?=«)/).filter(Boolean);
  };
  return (
    <>
      <Breadcrumb trail={[{ label: "Mes démarches", href: "/admin" }]} />
      <Page
        title="Importer une définition"
        intro="Une définition est le fichier .json qu’on obtient avec « Exporter la définition » sur la page d’une démarche : ses paramètres et son formulaire, sans dossier ni personne. L’import crée une nouvelle démarche en test."
      >
        <form class="form" onSubmit={submit} novalidate>
          <div ref={alert} tabIndex={-1} role="alert" class="import-alert">
            <Show when={problem()}>
              {(p) => (
                <div class="notice notice--error">
                  <Show when={lines().length > 0} fallback={<p>{p().message}</p>}>
                    <p>La définition n’est pas valide :</p>
                    <ul>
                      <For each={lines()}>{(line) => <li>{line}</li>}</For>
                    </ul>
                  </Show>
                </div>
              )}
            </Show>
          </div>
          <div class="field">
            <label for="champ-fichier">Fichier de la définition</label>
            <p class="hint" id="champ-fichier-aide">Un fichier .json exporté par Guichet.</p>
            <input
              id="champ-fichier"
              name="fichier"
              type="file"
              accept="application/json,.json"
              aria-describedby="champ-fichier-aide"
            />
          </div>
          <div class="form__actions">
            <button type="submit" class="button" disabled={pending()}>Importer</button>
          </div>
        </form>
      </Page>
    </>
  );
}

export default function AdminImporter() {
  return (
    <RequireRole role="administrateur">
      <Importer />
    </RequireRole>
  );
}
