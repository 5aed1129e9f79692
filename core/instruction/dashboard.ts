/**
 * The instructeur's démarches and dashboard: tabs with their counts (from counters, never a
 * scan), keyset pages, filters on states, dates and champ values (through the index kept at
 * each deposit), full-text search, and the columns each instructeur chose.
 */
import { dossierLabels } from "./labels.ts";
import * as v from "valibot";
import { searchPlan } from "../db/search.ts";
import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";
import { type Actor, authorize } from "../policy/mod.ts";
import type { Form } from "../shared/form.ts";
import { parseColumns } from "./model.ts";
import { parseForm } from "../demarches/codecs.ts";
import type { Tab } from "../shared/dashboard.ts";
import { tabCounts } from "../dossiers/counters.ts";
import { myGroupes } from "./service.ts";
import * as details from "./dashboard_details_store.ts";
import {
  type Cursor,
  type DashboardFilters,
  type DashboardSort,
  pageRows,
} from "./dashboard_store.ts";

export type { DashboardFilters, DashboardSort } from "./dashboard_store.ts";

/** The démarches where the actor instructs, with how many dossiers wait for someone. */
export async function myDemarches(deps: Deps, actor: Actor | null) {
  const me = authorize(actor, "compte.lire");
  const rows = await details.myGroupesByDemarche(deps.db, me.userId);
  const byDemarche = new Map<
    number,
    { id: number; titre: string; state: string; groupes: number[] }
  >();
  for (const r of rows) {
    const d = byDemarche.get(r.id) ?? { id: r.id, titre: r.titre, state: r.state, groupes: [] };
    d.groupes.push(r.groupe_id);
    byDemarche.set(r.id, d);
  }
  return await Promise.all([...byDemarche.values()].map(async (d) => ({
    id: d.id,
    titre: d.titre,
    state: d.state,
    counts: await tabCounts(deps.db, d.groupes, me.userId),
  })));
}

/**
 * One page of a dashboard tab (newest dossier first unless sorted otherwise), with every
 * tab's count and which of its dossiers hold something new for the instructeur.
 */
export async function dashboard(
  deps: Deps,
  actor: Actor | null,
  input: {
    demarcheId: number;
    tab: Tab;
    sort?: DashboardSort;
    /** Keyset cursor: the `next` of the previous page. */
    after?: Cursor;
    /** The smallest dossier number of the previous page (numéro, newest first only). */
    before?: number;
    limit: number;
    filters?: DashboardFilters;
  },
) {
  const me = authorize(actor, "compte.lire");
  const sort: DashboardSort = input.sort ?? { by: "numero", dir: "desc" };
  const filters = input.filters ?? {};
  // What the page needs before its rows, read at once: each read is a round trip to
  // PostgreSQL (one after the other, they made half the page's time there).
  const first = await Promise.allSettled(
    [
      myGroupes(deps.db, me.userId, input.demarcheId),
      preferredColumns(deps, me.userId, input.demarcheId),
      sort.by === "champ" ? currentForm(deps, input.demarcheId) : null,
      filters.search ? searchPlan(deps.db, filters.search) : null,
    ] as const,
  );
  // Before any other failure (a démarche that does not exist has no form either).
  if (first[0].status === "fulfilled" && first[0].value.length === 0) {
    throw new AppError("NOT_FOUND", "Vous n’instruisez pas cette démarche.");
  }
  const [groupes, wanted, sortForm, search] = valuesOf(first);
  // The form is read only when a champ column is shown or sorted on.
  const form = sortForm ?? (wanted.length ? await currentForm(deps, input.demarcheId) : null);
  let numeric = false;
  if (form && sort.by === "champ") {
    const champ = listedChamps(deps, form).find((c) => c.stableId === sort.stableId);
    if (!champ) throw new AppError("BAD_REQUEST", "Cette colonne ne peut pas être triée.");
    numeric = champ.kind === "number";
  }
  const after = input.after ??
    (input.before && sort.by === "numero" && sort.dir === "desc"
      ? { key: input.before, id: input.before }
      : undefined);
  const rows = await pageRows(deps.db, {
    demarcheId: input.demarcheId,
    groupes,
    userId: me.userId,
    tab: input.tab,
    sort,
    numeric,
    after,
    limit: input.limit,
    filters,
    expression: search?.expression ?? null,
    leading: search?.leading ?? null,
  });
  const page = rows.slice(0, input.limit);
  const columns = form ? chosenColumns(form, wanted) : [];
  const ids = page.map((r) => r.id);
  const [cells, unseen, labels, correcting, counts] = valuesOf(
    await Promise.allSettled(
      [
        // Only the chosen columns of the page's dossiers are read, from the index.
        columns.length && page.length
          ? details.cellsOf(deps.db, ids, columns.map((c) => c.stableId))
          : [],
        details.unseenAmong(deps.db, ids, me.userId),
        dossierLabels(deps.db, ids),
        // A correction can only wait on a dossier back en construction.
        details.pendingCorrectionsAmong(
          deps.db,
          page.filter((r) => r.state === "en_construction").map((r) => r.id),
        ),
        tabCounts(deps.db, groupes, me.userId),
      ] as const,
    ),
  );
  const last = page.at(-1);
  return {
    dossiers: page.map(({ sort_key: _, ...r }) => ({
      ...r,
      followed: r.followed === 1,
      test: r.is_test === 1,
      nouveau: unseen.has(r.id),
      correction: correcting.has(r.id),
      labels: labels.get(r.id) ?? [],
      cells: Object.fromEntries(
        cells.filter((c) => c.dossier_id === r.id).map((c) => [c.stable_id, c.display]),
      ),
    })),
    next: rows.length > input.limit && last ? { key: last.sort_key, id: last.id } : null,
    counts,
    columns,
    /**
     * Words of the search matched whole only, being the start of too many words: the page
     * tells the instructeur to type more letters.
     */
    wholeWords: search?.wholeWords ?? [],
  };
}

/**
 * The values of reads run at once (on as many pool connections; SQLite runs them in turn),
 * or the first failure — thrown once all have settled, so none is left rejecting unawaited.
 */
function valuesOf<T extends readonly unknown[]>(
  settled: { [K in keyof T]: PromiseSettledResult<T[K]> },
): T {
  const failed = settled.find((r) => r.status === "rejected");
  if (failed) throw failed.reason;
  return settled.map((r) => (r as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

async function preferredColumns(deps: Deps, userId: number, demarcheId: number) {
  const json = await details.preferredColumnsJson(deps.db, userId, demarcheId);
  return json === undefined ? [] : parseColumns(json);
}

/** The champ columns the instructeur chose for this démarche (remembered), with labels. */
function chosenColumns(form: Form, wanted: readonly string[]) {
  return wanted.flatMap((id) => {
    const c = form.champs.find((x) => x.stableId === id);
    return c ? [{ stableId: c.stableId, label: c.label }] : [];
  });
}

async function currentForm(deps: Deps, demarcheId: number): Promise<Form> {
  return parseForm(await details.currentFormJson(deps.db, demarcheId));
}

/** Champs an instructeur can show as columns or filter on, each with its filter kind. */
export async function dashboardChamps(
  deps: Deps,
  actor: Actor | null,
  input: { demarcheId: number },
) {
  const me = authorize(actor, "compte.lire");
  if ((await myGroupes(deps.db, me.userId, input.demarcheId)).length === 0) {
    throw new AppError("NOT_FOUND", "Vous n’instruisez pas cette démarche.");
  }
  return listedChamps(deps, await currentForm(deps, input.demarcheId));
}

/** The champs a dashboard shows as columns, filters and sorts on, with their kinds. */
function listedChamps(deps: Deps, form: Form) {
  return form.champs.flatMap((c) => {
    const type = deps.host.champTypes.get(c.type);
    if (!type || type.fillable === false || type.container) return [];
    const parsed = v.safeParse(type.options, c.options);
    return [{
      stableId: c.stableId,
      label: c.label,
      kind: type.columnKind ?? "text",
      choices: type.choices && parsed.success ? [...type.choices(parsed.output)] : null,
    }];
  });
}

/** Remembers the columns an instructeur shows on a démarche's dashboard. */
export async function setColumns(
  deps: Deps,
  actor: Actor | null,
  input: { demarcheId: number; columns: string[] },
) {
  const known = new Set((await dashboardChamps(deps, actor, input)).map((c) => c.stableId));
  const unknown = input.columns.filter((c) => !known.has(c));
  if (unknown.length) {
    throw new AppError("BAD_REQUEST", "Une des colonnes choisies n’existe pas dans ce formulaire.");
  }
  const me = actor!;
  await details.savePreferredColumns(deps.db, me.userId, input.demarcheId, input.columns);
}

/**
 * The instructeurs of the groupes the person instructs on the démarche, themself included
 * (`moi`): whom the « Suivi par » filter offers.
 */
export async function colleagues(
  deps: Deps,
  actor: Actor | null,
  input: { demarcheId: number },
) {
  const me = authorize(actor, "compte.lire");
  const groupes = await myGroupes(deps.db, me.userId, input.demarcheId);
  if (groupes.length === 0) {
    throw new AppError("NOT_FOUND", "Vous n’instruisez pas cette démarche.");
  }
  const rows = await details.membersOf(deps.db, groupes);
  return rows.map((r) => ({ id: r.id, email: r.email, moi: r.id === me.userId }));
}
