/**
 * Saving values several people edit at once — the owner and their invités, two tabs, the
 * instructeurs on the annotations privées. Each save merges its champs into the values as
 * they are when it writes, inside one write transaction (`writeTransaction`): saves of
 * different champs never lose one another.
 *
 * Every change is numbered: the dossier has a revision counter for its values, and each champ
 * keeps the revision that last changed it and who made it (`champ_revisions`,
 * `annotation_revisions`). A reader gets each champ's revision; a save may say, per champ,
 * the revision its edit was based on (`bases`). A champ someone changed since is not written
 * over: the save keeps their value and answers with it, its revision and who changed it
 * (`conflicts`), for the person to choose. Saving one's own value again on that revision is
 * that choice, and is kept. A save without a base for a champ writes it as before (API
 * clients that do not track revisions).
 */
import type { Deps } from "../deps.ts";
import type { ChampDescriptor } from "../shared/form.ts";
import { writeTransaction } from "../db/transaction.ts";
import { lockDossier } from "./lock_store.ts";
import { checkDossierValues } from "./_access.ts";
import * as store from "./store.ts";
import type { Conflict } from "../shared/revisions.ts";

export type { Conflict };

type Values = Record<string, unknown>;

/** Per champ stable id: the revision that last changed it, and who (a user id, or null). */
export type ChampRevisions = Record<string, readonly [revision: number, userId: number | null]>;

const isRecord = (x: unknown): x is Record<string, unknown> =>
  typeof x === "object" && x !== null && !Array.isArray(x);

const isRevision = (x: unknown): x is readonly [number, number | null] =>
  Array.isArray(x) && x.length === 2 && typeof x[0] === "number" &&
  (x[1] === null || typeof x[1] === "number");

const isRevisions = (x: unknown): x is ChampRevisions =>
  isRecord(x) && Object.values(x).every(isRevision);

// Hand-written checks rather than valibot schemas: both run on every save, and these cost a
// third as much on a 30-champ dossier. A column not of the expected shape is a bug: it throws.

/** `dossiers.champ_revisions`, `dossiers.annotation_revisions`. */
export function parseRevisions(json: string): ChampRevisions {
  const parsed: unknown = JSON.parse(json);
  if (!isRevisions(parsed)) throw new Error(`Révisions mal formées : ${json.slice(0, 100)}`);
  return parsed;
}

/** `dossiers.champ_values`, `pending_values`, `annotation_values`. */
function parseValues(json: string): Values {
  const parsed: unknown = JSON.parse(json);
  if (!isRecord(parsed)) throw new Error(`Valeurs mal formées : ${json.slice(0, 100)}`);
  return parsed;
}

/**
 * Each champ's revision, as a reader sends it back as its base (a champ never changed since
 * revisions were kept is at 0); with `keep`, only the champs it keeps (an invité's).
 */
export function revisionNumbers(
  json: string,
  keep?: (stableId: string) => boolean,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [id, [revision]] of Object.entries(parseRevisions(json))) {
    if (!keep || keep(id)) out[id] = revision;
  }
  return out;
}

export interface SaveOutcome {
  /** The values as stored: normalized by their type where valid, as typed otherwise. */
  readonly values: Values;
  /** French message per champ key, for the values not valid yet. */
  readonly errors: Record<string, string>;
  /** The revision of each champ sent, as stored now: the base of its next edit. */
  readonly revisions: Record<string, number>;
  readonly conflicts: readonly Conflict[];
}

const same = (a: unknown, b: unknown) =>
  a === b || JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

interface Found {
  readonly champ: string;
  readonly value: unknown;
  readonly revision: number;
  readonly userId: number | null;
}

/**
 * Pure: `edits` applied to `current`, except those based on a revision older than their
 * champ's (and differing from its value: an equal value loses nothing).
 */
export function mergeEdits(
  current: Readonly<Values>,
  revisions: Readonly<ChampRevisions>,
  edits: Readonly<Values>,
  bases: Readonly<Record<string, number>> | undefined,
): { merged: Values; conflicts: Found[] } {
  const merged: Values = { ...current };
  const conflicts: Found[] = [];
  for (const [champ, value] of Object.entries(edits)) {
    const base = bases?.[champ];
    const [revision, userId] = revisions[champ] ?? [0, null];
    if (base !== undefined && revision > base && !same(current[champ], value)) {
      conflicts.push({ champ, value: current[champ] ?? null, revision, userId });
    } else merged[champ] = value;
  }
  return { merged, conflicts };
}

/**
 * Pure: the revisions once `after` replaces `before`: each champ whose value changed (a
 * value typed, emptied, or dropped with its hidden champ) now at `revision`, by `userId`.
 * Null when nothing changed.
 */
export function changedRevisions(
  before: Readonly<Values>,
  after: Readonly<Values>,
  revisions: Readonly<ChampRevisions>,
  revision: number,
  userId: number,
): ChampRevisions | null {
  let next: Record<string, readonly [number, number | null]> | null = null;
  const mark = (champ: string) => {
    next ??= { ...revisions };
    next[champ] = [revision, userId];
  };
  for (const champ in after) if (!same(before[champ], after[champ])) mark(champ);
  for (const champ in before) if (!(champ in after) && before[champ] !== undefined) mark(champ);
  return next;
}

/** The columns of a dossier a save merges into (a `dossiers` row has them all). */
export interface SaveRow {
  readonly id: number;
  readonly state: string;
  readonly champ_values: string;
  readonly pending_values: string | null;
  readonly annotation_values: string;
  readonly values_revision: number;
  readonly champ_revisions: string;
  readonly annotation_revisions: string;
}

/** What a save writes into, as `open` found it inside the transaction. */
export interface SaveTarget {
  readonly dossier: SaveRow;
  /** Who saves: the person each changed champ is marked with. */
  readonly userId: number;
  /** The form's champs (or annotations) the values are checked against. */
  readonly champs: readonly ChampDescriptor[];
}

/**
 * Merges `edits` into the dossier's champs (its working copy once deposited) or its
 * annotations privées, in one write transaction: `open` reads the dossier and checks the
 * person may save (it throws to refuse: a dossier deposited or decided meanwhile, a champ
 * their invitation keeps from them), then the values are merged, checked and written with
 * no other save in between.
 */
export async function saveMerged(
  deps: Deps,
  input: {
    readonly document: "champs" | "annotations";
    /** The dossier saved into (locked first, on PostgreSQL). */
    readonly dossierId: number;
    readonly edits: Readonly<Values>;
    readonly bases?: Readonly<Record<string, number>>;
    /** Runs first in the transaction, on its `deps`: every read it makes is current. */
    readonly open: (deps: Deps) => Promise<SaveTarget>;
  },
): Promise<SaveOutcome> {
  const annotations = input.document === "annotations";
  const saved = await writeTransaction(deps.db, async (trx) => {
    const inTransaction = { ...deps, db: trx };
    const { dossier: row, userId, champs } = await input.open(inTransaction);
    // A deposited dossier is modified in a working copy: instructeurs keep reading the
    // deposited values until the usager deposits the modifications.
    const workingCopy = !annotations && row.state === "en_construction";
    const current = parseValues(
      annotations
        ? row.annotation_values
        : workingCopy
        ? row.pending_values ?? row.champ_values
        : row.champ_values,
    );
    const revisions = parseRevisions(annotations ? row.annotation_revisions : row.champ_revisions);
    const { merged, conflicts } = mergeEdits(current, revisions, input.edits, input.bases);
    // Files as stored, attached to the dossier, in the same transaction. Annotations are
    // read by the other instructeurs at once: a file changed there must be sound already.
    const { values, errors } = await checkDossierValues(
      inTransaction,
      { id: row.id, uploaderId: userId },
      champs,
      merged,
      { deposit: false, soundNow: annotations ? new Set(Object.keys(input.edits)) : undefined },
    );
    const revision = row.values_revision + 1;
    const changed = changedRevisions(current, values, revisions, revision, userId);
    const json = JSON.stringify(values);
    const changedJson = changed ? JSON.stringify(changed) : undefined;
    await store.writeSavedValues(
      trx,
      row.id,
      {
        ...(annotations
          ? { annotation_values: json, annotation_revisions: changedJson }
          : workingCopy
          ? { pending_values: json, champ_revisions: changedJson }
          : { champ_values: json, champ_revisions: changedJson }),
        values_revision: changed ? revision : row.values_revision,
      },
      deps.clock().toISOString(),
    );
    return { values, errors, revisions: changed ?? revisions, conflicts, userId };
  }, { lock: (trx) => lockDossier(trx, input.dossierId) });
  const emails = await store.emailsOf(deps.db, [
    ...new Set(saved.conflicts.flatMap((c) => c.userId === null ? [] : [c.userId])),
  ]);
  return {
    values: saved.values,
    errors: saved.errors,
    revisions: Object.fromEntries(
      Object.keys(input.edits).map((champ) => [champ, saved.revisions[champ]?.[0] ?? 0]),
    ),
    conflicts: saved.conflicts.map((c) => ({
      champ: c.champ,
      value: c.value,
      revision: c.revision,
      by: c.userId === null ? null : emails.get(c.userId) ?? null,
      byYou: c.userId === saved.userId,
    })),
  };
}
