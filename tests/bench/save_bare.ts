/**
 * The yardstick of the save benchmark: a handler doing by hand, with prepared `node:sqlite`
 * statements, what `POST /trpc/usager.save` does for the owner of a brouillon — the session
 * lookup, `BEGIN IMMEDIATE`, the same statements (the dossier, its démarche's columns Guichet
 * reads; the form of a published revision only the first time, as Guichet keeps it by id),
 * the merge champ by champ with its revisions, a check of each edited champ against the form,
 * the one `UPDATE`, `COMMIT` — and answering the same JSON body (for a request naming
 * encodings, with `Vary: Accept-Encoding`, compressed from 1 KB, as Guichet must). No
 * framework, no router, no plugin: text champs only, which is all the benchmark saves.
 */
import { openSqlite } from "../../core/db/sqlite_driver.ts";
import { jsonAnswer } from "../../core/api/compression.ts";
import { DEMARCHE_COLUMNS } from "../../core/dossiers/usager_store.ts";
import { HEADERS, sessionReader } from "./bare.ts";

type Values = Record<string, unknown>;
type Revisions = Record<string, [number, number | null]>;

interface DossierRow {
  id: number;
  owner_id: number;
  demarche_id: number;
  revision_id: number | null;
  state: string;
  champ_values: string;
  pending_values: string | null;
  champ_revisions: string;
  values_revision: number;
}

const same = (a: unknown, b: unknown) =>
  a === b || JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

const HEADER_LIST = Object.entries(HEADERS);

const champsOf = (formJson: string) =>
  new Set(
    (JSON.parse(formJson) as { champs: { stableId: string }[] }).champs.map((c) => c.stableId),
  );

interface Answer {
  readonly status: number;
  readonly body: unknown;
}

const refusal = (status: number, message: string): Answer => ({
  status,
  body: { error: { message, code: -32600, data: { httpStatus: status } } },
});

/**
 * `answer` as JSON for `request`, through the same `jsonAnswer` as Guichet's transport: what
 * it does for a request naming encodings is Guichet's duty too, so it costs both the same.
 */
const respond = (request: Request, { status, body }: Answer): Response =>
  jsonAnswer(request, JSON.stringify(body), { status, headers: HEADER_LIST });

/** A save handler over the SQLite file at `path`; `close` releases its connection. */
export function bareSaveHandler(path: string) {
  // The app's pragmas (WAL, synchronous = NORMAL…): a commit costs the same to both.
  const db = openSqlite(path);
  const session = sessionReader(db);
  const begin = db.prepare("begin immediate");
  const commit = db.prepare("commit");
  const rollback = db.prepare("rollback");
  const dossier = db.prepare("select * from dossiers where id = ?");
  // The columns Guichet reads (its own list): all but the draft form, for a dossier en test.
  const demarche = db.prepare(`select ${DEMARCHE_COLUMNS.join(", ")} from demarches where id = ?`);
  const draftForm = db.prepare("select draft_form from demarches where id = ?");
  const form = db.prepare("select form from revisions where id = ?");
  const update = db.prepare(
    "update dossiers set champ_values = ?, champ_revisions = ?, values_revision = ?, updated_at = ? where id = ?",
  );
  const updateWorkingCopy = db.prepare(
    "update dossiers set pending_values = ?, champ_revisions = ?, values_revision = ?, updated_at = ? where id = ?",
  );

  // A published revision never changes: its champs are read and parsed once, as Guichet keeps
  // its form (core/dossiers/form_cache.ts), so both run the same statements per save.
  const published = new Map<number, Set<string>>();
  const publishedChamps = (revisionId: number) => {
    let champs = published.get(revisionId);
    if (!champs) {
      champs = champsOf((form.get(revisionId) as { form: string }).form);
      published.set(revisionId, champs);
    }
    return champs;
  };

  const save = (userId: number, id: number, edits: Values): Answer => {
    const row = dossier.get(id) as DossierRow | undefined;
    if (!row || row.owner_id !== userId) return refusal(404, "Ce dossier n’existe pas.");
    if (row.state !== "brouillon" && row.state !== "en_construction") {
      return refusal(409, "Ce dossier ne peut plus être modifié.");
    }
    demarche.get(row.demarche_id);
    const champs = row.revision_id === null
      ? champsOf((draftForm.get(row.demarche_id) as { draft_form: string }).draft_form)
      : publishedChamps(row.revision_id);
    const workingCopy = row.state === "en_construction";
    const current = JSON.parse(
      workingCopy ? row.pending_values ?? row.champ_values : row.champ_values,
    ) as Values;
    const revisions = JSON.parse(row.champ_revisions) as Revisions;
    const values: Values = { ...current };
    const errors: Record<string, string> = {};
    for (const [champ, value] of Object.entries(edits)) {
      if (!champs.has(champ)) continue;
      if (typeof value !== "string") errors[champ] = "Indiquez un texte";
      values[champ] = value;
    }
    const revision = row.values_revision + 1;
    let changed = false;
    for (const champ in edits) {
      if (champ in values && !same(current[champ], values[champ])) {
        revisions[champ] = [revision, userId];
        changed = true;
      }
    }
    (workingCopy ? updateWorkingCopy : update).run(
      JSON.stringify(values),
      JSON.stringify(revisions),
      changed ? revision : row.values_revision,
      new Date().toISOString(),
      id,
    );
    const data = {
      values,
      errors,
      revisions: Object.fromEntries(Object.keys(edits).map((c) => [c, revisions[c]?.[0] ?? 0])),
      conflicts: [],
    };
    return { status: 200, body: { result: { data } } };
  };

  const handler = async (request: Request): Promise<Response> => {
    const account = session(request);
    if (!account) return respond(request, refusal(401, "Connectez-vous."));
    let input: { id?: unknown; values?: unknown };
    try {
      input = JSON.parse(await request.text());
    } catch {
      return respond(request, refusal(400, "Requête mal formée."));
    }
    const { id, values } = input;
    if (
      typeof id !== "number" || !Number.isInteger(id) || values === null ||
      typeof values !== "object" || Array.isArray(values)
    ) {
      return respond(request, refusal(400, "Requête mal formée."));
    }
    begin.run();
    let answer: Answer;
    try {
      answer = save(account.id, id, values as Values);
      commit.run();
    } catch (error) {
      rollback.run();
      throw error;
    }
    return respond(request, answer);
  };
  return { handler, close: () => db.close() };
}
