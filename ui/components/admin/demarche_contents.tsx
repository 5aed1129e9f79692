/**
 * « Le formulaire et ses réglages » on a démarche's page: what step 5 of the guide asks an
 * administrator to personalise (champs, pièces jointes, annotations privées, e-mails,
 * attestation, service, instructeurs), each with its state and a link to where it is done —
 * so the attestation, kept among the fonctionnalités, is found from here too.
 */
import { createResource, For, Show } from "solid-js";
import { A } from "@solidjs/router";
import type { ChampDescriptor } from "../../../core/shared/form.ts";
import { api } from "../../api.ts";
import type { Demarche } from "./demarche_frame.tsx";

interface Item {
  readonly label: string;
  readonly href: string;
  readonly state: string;
  /** Something is still to do here. */
  readonly todo: boolean;
}

/** Champ types that ask nothing of the usager. */
const STRUCTURE = new Set(["header_section", "explication"]);
const PIECE = "piece_justificative";

const count = (n: number, one: string, many: string, none: string) =>
  n === 0 ? none : `${n} ${n === 1 ? one : many}`;

function everyChamp(champs: readonly ChampDescriptor[]): ChampDescriptor[] {
  return champs.flatMap((c) => [c, ...(c.children ?? [])]);
}

/** What the form asks (champs apart from titles and explanations; pièces jointes; annotations). */
export function formCounts(d: Demarche) {
  const champs = everyChamp(d.form.champs);
  return {
    asked: champs.filter((c) => !STRUCTURE.has(c.type) && c.type !== PIECE).length,
    pieces: champs.filter((c) => c.type === PIECE).length,
    annotations: everyChamp(d.form.annotations).filter((c) => !STRUCTURE.has(c.type)).length,
  };
}

export function DemarcheContents(props: { demarche: Demarche }) {
  const d = () => props.demarche;
  const [data] = createResource(() => d().id, async (id) => {
    const [fonctionnalites, groupes, mails] = await Promise.all([
      api.admin.demarches.fonctionnalites.query({ id }),
      api.admin.demarches.groupes.list.query({ demarcheId: id }),
      api.admin.demarches.mails.get.query({ id }),
    ]);
    return { fonctionnalites, groupes, mails: mails.mails };
  });
  const items = (): Item[] => {
    const base = `/admin/demarches/${d().id}`;
    const { asked, pieces, annotations } = formCounts(d());
    const loaded = data();
    const out: Item[] = [
      {
        label: "Champs du formulaire",
        href: `${base}/formulaire`,
        state: count(asked, "champ", "champs", "À configurer"),
        todo: asked === 0,
      },
      {
        label: "Pièces jointes",
        href: `${base}/formulaire`,
        state: count(pieces, "pièce jointe", "pièces jointes", "Aucune"),
        todo: false,
      },
      {
        label: "Annotations privées",
        href: `${base}/annotations`,
        state: count(annotations, "annotation", "annotations", "Aucune"),
        todo: false,
      },
    ];
    if (loaded) {
      const custom = loaded.mails.filter((m) => m.custom).length;
      out.push({
        label: "E-mails aux usagers",
        href: `${base}/emails`,
        state: custom === 0
          ? "Textes par défaut"
          : `${custom} personnalisé${custom > 1 ? "s" : ""} sur ${loaded.mails.length}`,
        todo: false,
      });
      for (const f of loaded.fonctionnalites.filter((f) => f.attestation)) {
        out.push({
          label: loaded.fonctionnalites.filter((f) => f.attestation).length > 1
            ? f.label
            : "Attestation",
          href: `${base}/fonctionnalites#fonctionnalite-${f.id}`,
          state: f.enabled ? "Activée" : "Désactivée",
          todo: false,
        });
      }
    }
    out.push({
      label: "Service",
      href: `${base}/parametres`,
      state: d().service?.organisme || "À configurer",
      todo: !d().service?.organisme,
    });
    if (loaded) {
      const people = new Set(loaded.groupes.flatMap((g) => g.instructeurs.map((i) => i.email)));
      out.push({
        label: "Instructeurs",
        href: `${base}/instructeurs`,
        state: count(people.size, "instructeur", "instructeurs", "À configurer"),
        todo: people.size === 0,
      });
    }
    return out;
  };
  return (
    <section class="card demarche-contents" aria-labelledby="contenu-demarche">
      <h2 id="contenu-demarche" class="card__title">Le formulaire et ses réglages</h2>
      <p class="hint">
        Ce que l’usager remplit et reçoit, et qui instruit. Essayez ensuite la démarche avec vos
        instructeurs, par le lien de test.
      </p>
      <ul class="demarche-contents__list">
        <For each={items()}>
          {(item) => (
            <li>
              <A href={item.href}>{item.label}</A>
              <span class="badge" classList={{ "badge--pending": item.todo }}>{item.state}</span>
            </li>
          )}
        </For>
      </ul>
      <Show when={data.loading}>
        <p class="loading" role="status">Chargement…</p>
      </Show>
    </section>
  );
}
