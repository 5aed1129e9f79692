/**
 * The dashboard's search and filters. They live in the URL (`recherche`, `etats`, `periode`,
 * `du`, `au`, `champs`, `suivi`, `etiquette`) so a filtered list can be bookmarked or shared; each active filter
 * shows as a chip that removes it. The period bounds the date of deposit, of the last change
 * or of the decision. One file because the URL form, the chips and the form are three views
 * of the same filters (a little over 400 lines).
 */
import type { Label } from "./labels.tsx";
import { createSignal, For, Show } from "solid-js";
import { api } from "../../api.ts";
import { formatDate } from "../../format.ts";
import { DOSSIER_STATE_LABELS as STATE_LABELS } from "./dossier_state.tsx";

export type Champ = Awaited<ReturnType<typeof api.instruction.champs.query>>[number];
type Op = "eq" | "lt" | "lte" | "gt" | "gte";
export interface ChampFilter {
  readonly stableId: string;
  readonly op: Op;
  readonly value: string | number | boolean;
}
export type State = "en_construction" | "en_instruction" | "accepte" | "refuse" | "sans_suite";
export type Period = "depot" | "modification" | "decision";
export interface Filters {
  readonly search?: string;
  readonly states?: State[];
  /** The date `from` and `to` bound; the deposit's when undefined. */
  readonly period?: Period;
  /** First day of the period (AAAA-MM-JJ). */
  readonly from?: string;
  /** Last day of the period, included (AAAA-MM-JJ). */
  readonly to?: string;
  readonly champs?: ChampFilter[];
  /** The dossiers this instructeur follows (`suivi` in the URL). */
  readonly followedBy?: number;
  /** The dossiers carrying this label (`etiquette` in the URL). */
  readonly label?: number;
}
/** An instructeur of the démarche's groupes one is in (`moi`: oneself). */
export interface Collegue {
  readonly id: number;
  readonly email: string;
  readonly moi: boolean;
}
type Params = Partial<Record<string, string | string[]>>;

const STATES: readonly State[] = [
  "en_construction",
  "en_instruction",
  "accepte",
  "refuse",
  "sans_suite",
];
const OPS: readonly { id: Op; label: string }[] = [
  { id: "eq", label: "est égal à" },
  { id: "lt", label: "est inférieur à" },
  { id: "lte", label: "est inférieur ou égal à" },
  { id: "gt", label: "est supérieur à" },
  { id: "gte", label: "est supérieur ou égal à" },
];
const PERIODS: Readonly<Record<Period, { label: string; from: string; to: string }>> = {
  depot: { label: "Date de dépôt", from: "Déposé à partir du", to: "Déposé jusqu’au" },
  modification: {
    label: "Dernière modification",
    from: "Modifié à partir du",
    to: "Modifié jusqu’au",
  },
  decision: { label: "Date de décision", from: "Décidé à partir du", to: "Décidé jusqu’au" },
};
const isPeriod = (p: unknown): p is Period => typeof p === "string" && Object.hasOwn(PERIODS, p);
const OP_SIGNS: Readonly<Record<Op, string>> = { eq: "=", lt: "<", lte: "≤", gt: ">", gte: "≥" };
const ordered = (kind: string) => kind === "number" || kind === "date";

const one = (p: string | string[] | undefined) => Array.isArray(p) ? p[0] : p;

/** The filters a URL's search params describe (anything malformed is ignored). */
export function filtersOf(params: Params): Filters {
  const states = (one(params.etats) ?? "").split(",").filter((s): s is State =>
    (STATES as readonly string[]).includes(s)
  );
  let champs: ChampFilter[] = [];
  try {
    const parsed = JSON.parse(one(params.champs) ?? "[]");
    if (Array.isArray(parsed)) {
      champs = parsed.filter((c) =>
        c && typeof c.stableId === "string" && OPS.some((o) => o.id === c.op) &&
        ["string", "number", "boolean"].includes(typeof c.value)
      );
    }
  } catch { /* a hand-edited URL: no champ filter */ }
  const date = (s: string | undefined) => s && /^\d{4}-\d{2}-\d{2}$/.test(s) ? s : undefined;
  const from = date(one(params.du));
  const to = date(one(params.au));
  const period = one(params.periode);
  const suivi = Number(one(params.suivi));
  const label = Number(one(params.etiquette));
  return {
    label: Number.isSafeInteger(label) && label > 0 ? label : undefined,
    followedBy: Number.isSafeInteger(suivi) && suivi > 0 ? suivi : undefined,
    search: one(params.recherche)?.trim() || undefined,
    states: states.length ? states : undefined,
    period: (from || to) && isPeriod(period) && period !== "depot" ? period : undefined,
    from,
    to,
    champs: champs.length ? champs : undefined,
  };
}

/** The search params of these filters (`undefined` removes one). */
export function paramsOf(f: Filters): Record<string, string | undefined> {
  return {
    recherche: f.search || undefined,
    etats: f.states?.length ? f.states.join(",") : undefined,
    periode: (f.from || f.to) && f.period && f.period !== "depot" ? f.period : undefined,
    du: f.from,
    au: f.to,
    champs: f.champs?.length ? JSON.stringify(f.champs) : undefined,
    suivi: f.followedBy ? String(f.followedBy) : undefined,
    etiquette: f.label ? String(f.label) : undefined,
  };
}

/** The dashboard input's `filters`: the server ends a period before its `…To` day. */
export function queryOf(f: Filters) {
  const dayAfter = (d: string) => {
    const next = new Date(`${d}T00:00:00Z`);
    next.setUTCDate(next.getUTCDate() + 1);
    return next.toISOString().slice(0, 10);
  };
  const period = f.period ?? "depot";
  const from = f.from;
  const to = f.to ? dayAfter(f.to) : undefined;
  return {
    search: f.search,
    states: f.states,
    depositedFrom: period === "depot" ? from : undefined,
    depositedTo: period === "depot" ? to : undefined,
    updatedFrom: period === "modification" ? from : undefined,
    updatedTo: period === "modification" ? to : undefined,
    decidedFrom: period === "decision" ? from : undefined,
    decidedTo: period === "decision" ? to : undefined,
    champs: f.champs,
    followedBy: f.followedBy,
    label: f.label,
  };
}

export const hasFilters = (f: Filters) =>
  !!(f.search || f.states?.length || f.from || f.to || f.champs?.length || f.followedBy ||
    f.label);

function showValue(v: ChampFilter["value"]) {
  return typeof v === "boolean" ? (v ? "Oui" : "Non") : String(v);
}

export function FilterBar(props: {
  filters: Filters;
  champs: readonly Champ[];
  collegues?: readonly Collegue[];
  labels?: readonly Label[];
  onChange: (next: Filters) => void;
}) {
  const [open, setOpen] = createSignal(false);
  const [champId, setChampId] = createSignal("");
  const [error, setError] = createSignal<string | null>(null);
  const champ = () => props.champs.find((c) => c.stableId === champId());
  const filterable = () => props.champs.filter((c) => c.kind !== "none");
  const f = () => props.filters;
  const set = (patch: Partial<Filters>) => props.onChange({ ...f(), ...patch });

  const chips = () => {
    const out: { key: string; label: string; remove: () => void }[] = [];
    if (f().search) {
      out.push({
        key: "q",
        label: `Recherche : « ${f().search} »`,
        remove: () => set({ search: undefined }),
      });
    }
    for (const s of f().states ?? []) {
      out.push({
        key: `s-${s}`,
        label: `État : ${STATE_LABELS[s]}`,
        remove: () => set({ states: f().states!.filter((x) => x !== s) }),
      });
    }
    const period = PERIODS[f().period ?? "depot"];
    if (f().from) {
      out.push({
        key: "du",
        label: `${period.from} ${formatDate(f().from!)}`,
        remove: () => set({ from: undefined }),
      });
    }
    if (f().to) {
      out.push({
        key: "au",
        label: `${period.to} ${formatDate(f().to!)}`,
        remove: () => set({ to: undefined }),
      });
    }
    if (f().label) {
      const label = props.labels?.find((l) => l.id === f().label);
      out.push({
        key: "etiquette",
        label: `Étiquette : ${label?.name ?? "supprimée"}`,
        remove: () => set({ label: undefined }),
      });
    }
    if (f().followedBy) {
      const who = props.collegues?.find((c) => c.id === f().followedBy);
      out.push({
        key: "suivi",
        label: `Suivi par ${who ? (who.moi ? "moi" : who.email) : "un instructeur"}`,
        remove: () => set({ followedBy: undefined }),
      });
    }
    (f().champs ?? []).forEach((c, i) => {
      const label = props.champs.find((x) => x.stableId === c.stableId)?.label ?? c.stableId;
      out.push({
        key: `c-${i}`,
        label: `${label} ${OP_SIGNS[c.op]} ${showValue(c.value)}`,
        remove: () => set({ champs: f().champs!.filter((_, j) => j !== i) }),
      });
    });
    return out;
  };

  const apply = (event: SubmitEvent) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const states = data.getAll("etat") as State[];
    const next: Filters = {
      ...f(),
      states: states.length ? states : undefined,
      period: (data.get("periode") as Period | null) ?? undefined,
      from: (data.get("du") as string) || undefined,
      to: (data.get("au") as string) || undefined,
      followedBy: Number(data.get("suivi")) || undefined,
      label: Number(data.get("etiquette")) || undefined,
    };
    const c = champ();
    const raw = (data.get("valeur") as string | null)?.trim() ?? "";
    if (c && raw === "") {
      setError(`Indiquez la valeur de « ${c.label} » ou choisissez « Aucun champ ».`);
      return;
    }
    setError(null);
    let champs = next.champs ?? [];
    if (c) {
      const op = (data.get("operateur") as Op | null) ?? "eq";
      const value = c.kind === "number" ? Number(raw) : c.kind === "boolean" ? raw === "true" : raw;
      champs = [...champs, { stableId: c.stableId, op, value }];
    }
    props.onChange({ ...next, champs: champs.length ? champs : undefined });
    setChampId("");
    setOpen(false);
  };

  return (
    <div class="dashboard-filters">
      <form
        class="dashboard-search"
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          const q = new FormData(event.currentTarget).get("recherche") as string;
          set({ search: q.trim() || undefined });
        }}
      >
        <label for="recherche-dossiers">Rechercher dans les dossiers</label>
        <div class="dashboard-search__row">
          <input
            id="recherche-dossiers"
            name="recherche"
            type="search"
            value={f().search ?? ""}
            aria-describedby="recherche-aide"
          />
          <button type="submit" class="button">Rechercher</button>
          <button
            type="button"
            class="button button--secondary"
            aria-expanded={open()}
            aria-controls="filtres-dossiers"
            onClick={() => setOpen(!open())}
          >
            Filtrer
          </button>
        </div>
        <p class="hint" id="recherche-aide">
          Numéro, adresse de l’usager ou réponse du formulaire, accents facultatifs.
        </p>
      </form>
      <Show when={open()}>
        <form id="filtres-dossiers" class="card filter-form" onSubmit={apply}>
          <h2 class="filter-form__title">Filtrer les dossiers</h2>
          <fieldset class="filter-form__states">
            <legend>États</legend>
            <For each={STATES}>
              {(s) => (
                <label class="check">
                  <input
                    type="checkbox"
                    name="etat"
                    value={s}
                    checked={f().states?.includes(s) ?? false}
                  />{" "}
                  {STATE_LABELS[s]}
                </label>
              )}
            </For>
          </fieldset>
          <fieldset class="filter-form__dates">
            <legend>Période</legend>
            <div class="field">
              <label for="filtre-periode">Date concernée</label>
              <select id="filtre-periode" name="periode">
                <For each={Object.entries(PERIODS) as [Period, { label: string }][]}>
                  {([id, p]) => (
                    <option value={id} selected={id === (f().period ?? "depot")}>{p.label}</option>
                  )}
                </For>
              </select>
            </div>
            <div class="field">
              <label for="filtre-du">Du (facultatif)</label>
              <input id="filtre-du" name="du" type="date" value={f().from ?? ""} />
            </div>
            <div class="field">
              <label for="filtre-au">Au (facultatif)</label>
              <input id="filtre-au" name="au" type="date" value={f().to ?? ""} />
            </div>
          </fieldset>
          <Show when={(props.labels ?? []).length > 0}>
            <div class="field filter-form__suivi">
              <label for="filtre-etiquette">Étiquette</label>
              <select id="filtre-etiquette" name="etiquette">
                <option value="" selected={!f().label}>Peu importe</option>
                <For each={props.labels}>
                  {(l) => <option value={l.id} selected={l.id === f().label}>{l.name}</option>}
                </For>
              </select>
            </div>
          </Show>
          <Show when={(props.collegues ?? []).length > 1}>
            <div class="field filter-form__suivi">
              <label for="filtre-suivi">Suivi par</label>
              <select id="filtre-suivi" name="suivi">
                <option value="" selected={!f().followedBy}>Peu importe</option>
                <For each={props.collegues}>
                  {(c) => (
                    <option value={c.id} selected={c.id === f().followedBy}>
                      {c.moi ? `Moi (${c.email})` : c.email}
                    </option>
                  )}
                </For>
              </select>
            </div>
          </Show>
          <fieldset class="filter-form__champ">
            <legend>Réponse du formulaire</legend>
            <div class="field">
              <label for="filtre-champ">Champ</label>
              <select
                id="filtre-champ"
                name="champ"
                value={champId()}
                onChange={(e) => setChampId(e.currentTarget.value)}
              >
                <option value="">Aucun champ</option>
                <For each={filterable()}>
                  {(c) => <option value={c.stableId}>{c.label}</option>}
                </For>
              </select>
            </div>
            <Show when={champ()}>
              {(c) => (
                <>
                  <div class="field">
                    <label for="filtre-operateur">Opérateur</label>
                    <select id="filtre-operateur" name="operateur">
                      <For each={ordered(c().kind) ? OPS : OPS.slice(0, 1)}>
                        {(o) => <option value={o.id}>{o.label}</option>}
                      </For>
                    </select>
                  </div>
                  <div class="field" classList={{ "field--error": !!error() }}>
                    <label for="filtre-valeur">Valeur</label>
                    <Show when={error()}>
                      <p class="field-error" id="filtre-valeur-erreur">{error()}</p>
                    </Show>
                    <Show
                      when={c().choices || c().kind === "boolean"}
                      fallback={
                        <input
                          id="filtre-valeur"
                          name="valeur"
                          type={c().kind === "number"
                            ? "number"
                            : c().kind === "date"
                            ? "date"
                            : "text"}
                          step={c().kind === "number" ? "any" : undefined}
                          aria-invalid={error() ? true : undefined}
                          aria-describedby={error() ? "filtre-valeur-erreur" : undefined}
                        />
                      }
                    >
                      <select
                        id="filtre-valeur"
                        name="valeur"
                        aria-invalid={error() ? true : undefined}
                        aria-describedby={error() ? "filtre-valeur-erreur" : undefined}
                      >
                        <Show
                          when={c().choices}
                          fallback={
                            <>
                              <option value="true">Oui</option>
                              <option value="false">Non</option>
                            </>
                          }
                        >
                          {(choices) => (
                            <For each={choices()}>
                              {(choice) => <option value={choice}>{choice}</option>}
                            </For>
                          )}
                        </Show>
                      </select>
                    </Show>
                  </div>
                </>
              )}
            </Show>
          </fieldset>
          <div class="form__actions">
            <button type="submit" class="button">Appliquer les filtres</button>
            <button type="button" class="button button--secondary" onClick={() => setOpen(false)}>
              Annuler
            </button>
          </div>
        </form>
      </Show>
      <Show when={chips().length > 0}>
        <div class="filter-chips">
          <p class="visually-hidden" id="filtres-actifs">Filtres actifs</p>
          <ul aria-labelledby="filtres-actifs">
            <For each={chips()}>
              {(chip) => (
                <li>
                  <button
                    type="button"
                    class="chip"
                    aria-label={`Retirer le filtre ${chip.label}`}
                    onClick={chip.remove}
                  >
                    {chip.label} <span aria-hidden="true">×</span>
                  </button>
                </li>
              )}
            </For>
          </ul>
          <button type="button" class="link-button" onClick={() => props.onChange({})}>
            Retirer tous les filtres
          </button>
        </div>
      </Show>
    </div>
  );
}
