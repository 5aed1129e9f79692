/**
 * `/admin/demarches/:id/publication`: the address, what still blocks publication, and for a
 * démarche already published the changes the new version brings.
 */
import { createResource, createSignal, For, Show } from "solid-js";
import { A } from "@solidjs/router";
import { api, problemOf } from "../api.ts";
import { Field } from "../components/field.tsx";
import { FormAlert } from "../components/form_alert.tsx";
import { useForm } from "../components/use_form.ts";
import { Checklist } from "../components/admin/checklist.tsx";
import { ExternalLink } from "../components/external_link.tsx";
import { type Demarche, DemarcheFrame } from "../components/admin/demarche_frame.tsx";
import { publicUrl } from "../components/admin/demarche_state.tsx";

type Status = Awaited<ReturnType<typeof api.admin.demarches.publicationStatus.query>>;
type Change = NonNullable<Status["changes"]>["champs"][number];

const ATTRIBUTES: Readonly<Record<string, string>> = {
  label: "libellé",
  description: "description",
  mandatory: "caractère obligatoire",
  type: "type",
  options: "options",
  condition: "condition d’affichage",
  children: "champs du bloc répétable",
};

function describe(change: Change): { kind: string; text: string } {
  switch (change.kind) {
    case "added":
      return { kind: "Ajouté", text: `« ${change.label} »` };
    case "removed":
      return { kind: "Supprimé", text: `« ${change.label} »` };
    case "moved":
      return {
        kind: "Déplacé",
        text: `« ${change.label} », de la position ${change.from + 1} à la position ${
          change.to + 1
        }`,
      };
    case "modified":
      return {
        kind: "Modifié",
        text: `« ${change.label} » : ${
          change.attributes.map((a) => ATTRIBUTES[a] ?? a).join(", ")
        }`,
      };
  }
}

function Changes(props: { title: string; id: string; changes: readonly Change[] }) {
  return (
    <Show when={props.changes.length > 0}>
      <h3 id={props.id}>{props.title}</h3>
      <ul class="changes" aria-labelledby={props.id}>
        <For each={props.changes}>
          {(c) => {
            const d = describe(c);
            return (
              <li>
                <span class="change-kind">{d.kind}</span> {d.text}
              </li>
            );
          }}
        </For>
      </ul>
    </Show>
  );
}

function Publication(props: { demarche: Demarche; reload: () => Promise<unknown> }) {
  const d = () => props.demarche;
  const [status, { refetch }] = createResource(
    () => d().id,
    (id) => api.admin.demarches.publicationStatus.query({ id }),
  );
  const [published, setPublished] = createSignal<string | null>(null);
  const form = useForm(async (data) => {
    setPublished(null);
    const result = await api.admin.demarches.publish.mutate({ id: d().id, path: data.path });
    await Promise.all([props.reload(), refetch()]);
    setPublished(result.path);
  });
  const changeCount = (s: Status) =>
    s.changes ? s.changes.champs.length + s.changes.annotations.length : 0;
  return (
    <Show
      when={status.latest}
      fallback={
        <Show when={status.error} fallback={<p class="loading">Chargement…</p>}>
          <div class="notice notice--error" role="alert">{problemOf(status.error).message}</div>
        </Show>
      }
    >
      {(s) => (
        <>
          <div role="status">
            <Show when={published()}>
              {(path) => (
                <div class="notice notice--success">
                  <p>La démarche est publiée. Son adresse publique :</p>
                  <p>
                    <a class="public-link" href={`/commencer/${path()}`}>
                      {publicUrl(`/commencer/${path()}`)}
                    </a>
                  </p>
                  <p>
                    <Show
                      when={d().siteWeb}
                      fallback="Mettez ce lien sur la page de votre site internet."
                    >
                      Mettez ce lien sur la page de votre site internet :{" "}
                      <ExternalLink href={d().siteWeb} />.
                    </Show>
                  </p>
                </div>
              )}
            </Show>
          </div>
          <Show when={s().missing.length > 0 || d().state === "brouillon"}>
            <Checklist demarcheId={d().id} missing={s().missing} id="avant-de-publier" />
          </Show>
          <Show when={s().state === "publiee" && s().changes}>
            {(changes) => (
              <section class="card changes-card" aria-labelledby="modifications">
                <h2 id="modifications" class="card__title">
                  Modifications depuis la version {s().revision} publiée
                </h2>
                <Show
                  when={changeCount(s()) > 0}
                  fallback={
                    <p>Aucune modification du formulaire depuis la dernière publication.</p>
                  }
                >
                  <p>
                    Les dossiers en brouillon et en construction passeront à la nouvelle version ;
                    les réponses déjà données sont gardées.
                  </p>
                  <Changes
                    title="Formulaire"
                    id="modifications-champs"
                    changes={changes().champs}
                  />
                  <Changes
                    title="Annotations privées"
                    id="modifications-annotations"
                    changes={changes().annotations}
                  />
                </Show>
              </section>
            )}
          </Show>
          <form class="form publish-form" onSubmit={form.onSubmit} novalidate>
            <h2>
              {s().state === "publiee" ? "Publier la nouvelle version" : "Publier la démarche"}
            </h2>
            <FormAlert problem={form.problem()} />
            <Field
              name="path"
              label="Adresse de la démarche"
              hint={
                <>
                  Les usagers la trouveront à l’adresse {publicUrl("/commencer/")}
                  <strong>adresse</strong>. Lettres minuscules sans accent, chiffres et tirets, par
                  exemple <code>titre-de-navigation</code>.
                </>
              }
              value={s().path ?? ""}
              required
              autocomplete="off"
              spellcheck={false}
              error={form.error("path")}
            />
            <Show when={!d().siteWeb}>
              <p>
                Indiquez aussi, dans les{" "}
                <A href={`/admin/demarches/${d().id}/parametres`}>paramètres</A>, la page de votre
                site internet où le lien sera publié.
              </p>
            </Show>
            <div class="form__actions">
              <button
                type="submit"
                class="button"
                disabled={form.pending() || s().missing.length > 0}
              >
                {s().state === "publiee" ? "Publier la nouvelle version" : "Publier"}
              </button>
              <Show when={s().missing.length > 0}>
                <span class="aside">Réglez d’abord les points ci-dessus.</span>
              </Show>
            </div>
          </form>
        </>
      )}
    </Show>
  );
}

export default function AdminPublication() {
  return (
    <DemarcheFrame title={() => "Publication"}>
      {({ demarche, reload }) => <Publication demarche={demarche()} reload={reload} />}
    </DemarcheFrame>
  );
}
