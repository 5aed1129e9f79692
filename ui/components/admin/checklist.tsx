/**
 * "Avant de publier": what still stops publication (`publicationStatus.missing`), grouped
 * by the section where it is fixed, each group with a link to that section.
 */
import { For, Show } from "solid-js";
import { A } from "@solidjs/router";
import type { api } from "../../api.ts";

type Status = Awaited<ReturnType<typeof api.admin.demarches.publicationStatus.query>>;
type Missing = Status["missing"][number];

const SECTIONS: readonly { key: Missing["section"]; label: string; path: string; fix: string }[] = [
  { key: "parametres", label: "Paramètres", path: "parametres", fix: "Compléter les paramètres" },
  { key: "formulaire", label: "Formulaire", path: "formulaire", fix: "Modifier le formulaire" },
  { key: "emails", label: "E-mails", path: "emails", fix: "Corriger les e-mails" },
  {
    key: "attestation",
    label: "Attestation",
    path: "fonctionnalites",
    fix: "Corriger l’attestation (Fonctionnalités)",
  },
  {
    key: "instructeurs",
    label: "Instructeurs",
    path: "instructeurs",
    fix: "Ajouter des instructeurs",
  },
];

export function Checklist(props: {
  demarcheId: number;
  missing: readonly Missing[];
  /** The heading's id, for the region's name. */
  id: string;
  title?: string;
}) {
  const groups = () =>
    SECTIONS.map((s) => ({ ...s, items: props.missing.filter((m) => m.section === s.key) }))
      .filter((g) => g.items.length > 0);
  return (
    <section
      class="card checklist"
      classList={{ "checklist--blocking": props.missing.length > 0 }}
      aria-labelledby={props.id}
    >
      <h2 id={props.id} class="card__title">{props.title ?? "Avant de publier"}</h2>
      <Show
        when={props.missing.length > 0}
        fallback={
          <p class="notice notice--success">
            Tout est prêt : la démarche peut être publiée.
          </p>
        }
      >
        <p>
          {props.missing.length === 1
            ? "Il reste 1 point à régler avant de publier :"
            : `Il reste ${props.missing.length} points à régler avant de publier :`}
        </p>
        <For each={groups()}>
          {(group) => (
            <>
              <h3>{group.label}</h3>
              <ul>
                <For each={group.items}>{(item) => <li>{item.message}</li>}</For>
              </ul>
              <p>
                <A href={`/admin/demarches/${props.demarcheId}/${group.path}`}>{group.fix}</A>
              </p>
            </>
          )}
        </For>
      </Show>
    </section>
  );
}
