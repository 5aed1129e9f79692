/**
 * Exports of a dashboard tab: an instructeur asks for the dossiers of a tab (with its
 * filters) in a format some plugin provides; a job walks them in one statement on a
 * connection of its own (core/db/stream.ts) and streams the rows through the format into a
 * file only they may download; the file is purged after `KEPT_HOURS`. Memory stays bounded
 * whatever the count: one chunk of dossiers at a time, the format writing as rows come.
 *
 * Over 400 lines because the request, the job and the cell writers of one export share its
 * plan (columns, cells made once per export); split, the plan would travel between files.
 */
import { plan } from "./export_columns.ts";
import { dossierLabels } from "./labels.ts";
import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";
import { type Actor, authorize } from "../policy/mod.ts";
import { enqueue } from "../jobs/queue.ts";
import type { JobHandler } from "../jobs/worker.ts";
import type {
  ExportCells,
  ExportColumn,
  ExportDocument,
  ExportFile,
  ExportRow,
  ExportValue,
} from "../plugin_sdk/types.ts";
import type { Form } from "../shared/form.ts";
import { parseForm } from "../demarches/codecs.ts";
import { dossierJson } from "../dossiers/dossier_json.ts";
import { rolesOf } from "../accounts/store.ts";
import { dossierFiles } from "../dossiers/document.ts";
import { ExportRefusal } from "../plugin_sdk/define.ts";
import { demarchePlugins } from "../plugin_host/service.ts";
import { searchExpression } from "../db/search.ts";
import { DOSSIER_STATES, stateLabel } from "../dossiers/lifecycle.ts";
import { myGroupes } from "./service.ts";
import { type DashboardFilters, numberOrderQuery } from "./dashboard_store.ts";
import { streamValues } from "../db/stream.ts";
import type { Tab } from "../shared/dashboard.ts";
import { parseColumns, parseFilters } from "./model.ts";
import { parseValues, type Values } from "../dossiers/model.ts";
import { emailOf } from "../dossiers/usager_store.ts";
import * as store from "./exports_store.ts";
import { deleteFile, factsOfDossiers, insertFile } from "../files/store.ts";

export const EXPORT_JOB = "instruction.export";
/** How long a finished export stays downloadable. */
export const KEPT_HOURS = 48;
/** An identical export asked again within this delay is the same export. */
const REUSE_MINUTES = 5;
/** Rows read from the statement per await (and dossiers per query, for documents). */
const CHUNK = 1000;
/** Bytes gathered from the format before one write to the blob store. */
const WRITE_BYTES = 256 * 1024;
/** Larger than any export of a million dossiers we measured, to stop a runaway. */
const MAX_EXPORT_BYTES = 4 * 1024 ** 3;

const notInstructeur = () => new AppError("NOT_FOUND", "Vous n’instruisez pas cette démarche.");

async function instructed(deps: Deps, actor: Actor | null, demarcheId: number) {
  const me = authorize(actor, "compte.lire");
  const groupes = await myGroupes(deps.db, me.userId, demarcheId);
  if (groupes.length === 0) throw notInstructeur();
  return { me, groupes };
}

/** The export formats switched on for the démarche. */
export async function exportFormats(
  deps: Deps,
  actor: Actor | null,
  input: { demarcheId: number },
) {
  await instructed(deps, actor, input.demarcheId);
  const enabled = new Set(
    (await demarchePlugins(deps.db, deps.host, input.demarcheId)).filter((p) => p.enabled)
      .map((p) => p.pluginId),
  );
  return deps.host.exportFormats.list()
    .filter((f) => enabled.has(deps.host.exportFormats.ownerOf(f.id) ?? ""))
    .map((f) => ({
      id: f.id,
      label: f.label,
      extension: f.extension,
      /**
       * No choice of columns: the format packs each dossier's files (ZIP) or writes each
       * dossier whole (JSON).
       */
      withFiles: f.withFiles === true || f.documents === true,
      /** Writes each dossier whole, as the read API gives it: not its files. */
      documents: f.documents === true,
    }));
}

/** Asks for an export; the same one asked a moment ago is returned instead of a new one. */
export async function requestExport(
  deps: Deps,
  actor: Actor | null,
  input: {
    demarcheId: number;
    tab: Tab;
    format: string;
    filters?: DashboardFilters;
    /** Column ids in the order to write them; absent or null: every column. */
    columns?: string[] | null;
  },
) {
  const { me } = await instructed(deps, actor, input.demarcheId);
  const formats = await exportFormats(deps, actor, input);
  const format = formats.find((f) => f.id === input.format);
  if (!format) {
    throw new AppError("BAD_REQUEST", "Ce format d’export n’est pas proposé pour cette démarche.");
  }
  const filters = JSON.stringify(input.filters ?? {});
  let columns: string | null = null;
  if (input.columns && !format.withFiles) {
    const known = new Set((await plan(deps, input.demarcheId)).columns.map((c) => c.id));
    const unknown = input.columns.filter((c) => !known.has(c));
    if (unknown.length) {
      throw new AppError(
        "BAD_REQUEST",
        "Une des colonnes choisies n’existe plus dans le formulaire : rechargez la page.",
      );
    }
    columns = JSON.stringify([...new Set(input.columns)]);
  }
  const now = deps.clock();
  return await deps.db.transaction().execute(async (trx) => {
    // The choice is remembered for the next export of this démarche.
    if (!format.withFiles) {
      await store.saveExportColumns(trx, me.userId, input.demarcheId, columns);
    }
    const recent = await store.recentExport(trx, {
      userId: me.userId,
      demarcheId: input.demarcheId,
      format: input.format,
      tab: input.tab,
      filters,
      columns,
      since: new Date(now.getTime() - REUSE_MINUTES * 60_000).toISOString(),
    });
    if (recent) return { id: recent.id };
    const id = await store.insertExport(trx, {
      demarcheId: input.demarcheId,
      userId: me.userId,
      format: input.format,
      tab: input.tab,
      filters,
      columns,
      now: now.toISOString(),
      expiresAt: new Date(now.getTime() + KEPT_HOURS * 3_600_000).toISOString(),
    });
    await enqueue(trx, EXPORT_JOB, { exportId: id }, { now: now.toISOString(), maxAttempts: 1 });
    return { id };
  });
}

/** The columns an export of the démarche can have, and those the instructeur last chose. */
export async function exportColumns(
  deps: Deps,
  actor: Actor | null,
  input: { demarcheId: number },
) {
  const { me } = await instructed(deps, actor, input.demarcheId);
  const { columns } = await plan(deps, input.demarcheId);
  const stored = await store.exportColumnsJson(deps.db, me.userId, input.demarcheId);
  const known = new Set(columns.map((c) => c.id));
  const chosen = stored ? parseColumns(stored).filter((id) => known.has(id)) : null;
  return { columns, chosen: chosen?.length ? chosen : null };
}

/** The instructeur's exports of the démarche, newest first (expired ones purged first). */
export async function listExports(
  deps: Deps,
  actor: Actor | null,
  input: { demarcheId: number },
) {
  const { me } = await instructed(deps, actor, input.demarcheId);
  await purgeExpired(deps);
  const rows = await store.exportsOf(deps.db, me.userId, input.demarcheId);
  return rows.map((r) => ({
    id: r.id,
    format: deps.host.exportFormats.get(r.format)?.label ?? r.format,
    tab: r.tab as Tab,
    filtered: r.filters !== "{}",
    /** How many columns were chosen; null: every column. */
    chosenColumns: r.columns === null ? null : parseColumns(r.columns).length,
    status: r.status as "pending" | "done" | "failed",
    rows: r.rows,
    error: r.error,
    createdAt: r.created_at,
    finishedAt: r.finished_at,
    expiresAt: r.expires_at,
    file: r.file_id ? { id: r.file_id, filename: r.filename!, size: r.size! } : null,
  }));
}

/** Deletes the exports past their time, and their files. */
export async function purgeExpired(deps: Deps): Promise<void> {
  const now = deps.clock().toISOString();
  const expired = await store.expiredExports(deps.db, now);
  for (const e of expired) {
    await deps.db.transaction().execute(async (trx) => {
      await store.deleteExport(trx, e.id);
      if (e.file_id) await deleteFile(trx, e.file_id);
    });
    if (e.storage_key) await deps.blobs.remove(e.storage_key).catch(() => {});
  }
}

/** An instant as a date cell, each format writing it in Paris time. */
const when = (iso: string | null): ExportValue => iso ? { kind: "datetime", value: iso } : null;

/** The job: writes the export's file through its format, or records why it could not. */
export function exportHandler(deps: Deps): JobHandler {
  return async (payload) => {
    const { exportId } = payload as { exportId: number };
    const job = await store.findExport(deps.db, exportId);
    if (!job || job.status !== "pending") return;
    try {
      const written = await writeExport(deps, job);
      await store.exportDone(deps.db, exportId, { ...written, now: deps.clock().toISOString() });
    } catch (error) {
      const told = error instanceof AppError || error instanceof ExportRefusal;
      // What the instructeur cannot act on is for the site's administrator, in the logs.
      if (!told) console.error(`Export ${exportId} failed:`, error);
      await store.exportFailed(
        deps.db,
        exportId,
        told
          ? error.message
          : "Le fichier n’a pas pu être produit. Relancez l’export ; si l’échec se répète, " +
            "prévenez l’administrateur du site.",
        deps.clock().toISOString(),
      );
    }
  };
}

async function writeExport(
  deps: Deps,
  job: {
    id: number;
    demarche_id: number;
    user_id: number;
    format: string;
    tab: string;
    filters: string;
    columns: string | null;
  },
): Promise<{ fileId: string; rows: number }> {
  const format = deps.host.exportFormats.get(job.format);
  if (!format) throw new AppError("BAD_REQUEST", "Ce format d’export n’est plus installé.");
  const groupes = await myGroupes(deps.db, job.user_id, job.demarche_id);
  if (groupes.length === 0) throw notInstructeur();
  const { titre, form, champs, annotations, columns: every } = await plan(
    deps,
    job.demarche_id,
  );
  const byId = new Map(every.map((c) => [c.id, c]));
  const columns: ExportColumn[] = job.columns === null
    ? every.map(({ id, label, kind }) => ({ id, label, kind }))
    : parseColumns(job.columns).flatMap((id) => {
      const c = byId.get(id);
      return c ? [{ id: c.id, label: c.label, kind: c.kind }] : [];
    });
  if (columns.length === 0) {
    throw new AppError(
      "BAD_REQUEST",
      "Les colonnes choisies n’existent plus dans le formulaire : choisissez-les à nouveau.",
    );
  }
  const wanted = new Set(columns.map((c) => c.id));
  const champsWritten = champs.filter((c) => wanted.has(c.column.id));
  const annotationsWritten = annotations.filter((c) => wanted.has(c.column.id));
  const filters: DashboardFilters = parseFilters(job.filters);
  const expression = filters.search ? await searchExpression(deps.db, filters.search) : null;
  let count = 0;
  /** With a format of documents: each row's dossier, as the read API gives it. */
  const documents = new WeakMap<object, ExportDocument>();
  const forms = new Map<number, Form>();
  // A format of cells gets each row as its cells in column order; any other, an object.
  const byRecord = format.cells !== true;

  // Every row in one statement, on a connection of its own (core/db/stream.ts), only what
  // is written selected, each row as an array of values (no object per row).
  const walk = store.exportedRows(
    await numberOrderQuery(deps.db, {
      demarcheId: job.demarche_id,
      groupes,
      userId: job.user_id,
      tab: job.tab as Tab,
      filters,
      expression,
    }),
    {
      motivation: byRecord || wanted.has("motivation"),
      labels: wanted.has("etiquettes"),
      champs: champsWritten.length > 0,
      annotations: annotationsWritten.length > 0,
    },
  );
  // Each column's cell, made once per export from the form: no look-up by id per cell.
  const cellOf = new Map<string, Cell>([
    ...DOSSIER_CELLS,
    ...champsWritten.map((c): [string, Cell] => [c.column.id, (_, v) => c.render(v[c.stableId])]),
    ...annotationsWritten.map((c): [string, Cell] => [
      c.column.id,
      (_, _v, notes) => c.render(notes[c.stableId]),
    ]),
  ]);
  const cells = columns.map((c) => cellOf.get(c.id)!);
  // Every dossier column the démarche has (« Identité vérifiée par » only when it asks for one).
  const ownCells = DOSSIER_CELLS.filter(([id]) => byId.has(id));
  const written = [...champsWritten, ...annotationsWritten].map((c) => c.column.id);

  async function* rows(): AsyncGenerator<ExportCells | ExportRow> {
    for await (const chunk of streamValues(deps.db, walk, CHUNK)) {
      const ids = format!.documents ? chunk.map((r) => r[ID] as number) : null;
      const whole = ids ? await store.exportedDocuments(deps.db, ids) : null;
      const wholeById = new Map(whole?.rows.map((d) => [d.id, d]));
      const documentLabels = ids ? await dossierLabels(deps.db, ids) : null;
      const documentFiles = ids ? await factsOfDossiers(deps.db, ids) : null;
      for (const value of chunk) {
        const r = value as store.ExportedRow;
        // Each dossier's values parsed once, and only when one of their columns is written.
        const values = r[CHAMP_VALUES] === null ? NO_VALUES : parseValues(r[CHAMP_VALUES]);
        const notes = r[ANNOTATION_VALUES] === null ? NO_VALUES : parseValues(r[ANNOTATION_VALUES]);
        let row: ExportCells | ExportRow;
        if (byRecord) {
          // Every dossier column, then the form's columns written.
          const record: Record<string, ExportValue> = {};
          for (const [id, cell] of ownCells) record[id] = cell(r, values, notes);
          for (const id of written) record[id] = cellOf.get(id)!(r, values, notes);
          row = record;
        } else {
          const out = new Array<ExportValue>(cells.length);
          for (let i = 0; i < cells.length; i++) out[i] = cells[i](r, values, notes);
          row = out;
        }
        const dossier = wholeById.get(r[ID]);
        if (whole && dossier) {
          let dossierForm = form;
          if (dossier.revision_id !== null) {
            dossierForm = forms.get(dossier.revision_id) ??
              parseForm(whole.forms.get(dossier.revision_id) ?? "");
            forms.set(dossier.revision_id, dossierForm);
          }
          documents.set(
            row,
            dossierJson(
              deps.host.champTypes,
              dossier,
              dossierForm,
              documentLabels!,
              documentFiles!,
            ),
          );
        }
        count++;
        yield row;
      }
    }
  }

  // The format writes into a stream the blob store reads: backpressure end to end, the
  // format's small chunks (a zip's are a few KiB) gathered into writes of WRITE_BYTES.
  const pipe = new TransformStream<Uint8Array, Uint8Array>();
  const writer = pipe.writable.getWriter();
  const stored = deps.blobs.put(pipe.readable, MAX_EXPORT_BYTES);
  // Chunks are copied once, into the buffer handed to the blob store when full.
  let buffer = new Uint8Array(WRITE_BYTES);
  let filled = 0;
  const flush = async () => {
    if (filled === 0) return;
    const bytes = buffer.subarray(0, filled);
    buffer = new Uint8Array(WRITE_BYTES);
    filled = 0;
    await writer.write(bytes);
  };
  const sink = {
    write: async (chunk: Uint8Array) => {
      for (let at = 0; at < chunk.length;) {
        const n = Math.min(chunk.length - at, WRITE_BYTES - filled);
        buffer.set(n === chunk.length ? chunk : chunk.subarray(at, at + n), filled);
        filled += n;
        at += n;
        if (filled === WRITE_BYTES) await flush();
      }
    },
  };
  try {
    if (format.cells === true) {
      await format.write(
        columns,
        rows() as AsyncIterable<ExportCells>,
        sink,
        format.withFiles ? await filesOfDossiers(deps, job.user_id, columns) : undefined,
        format.documents ? (row) => documents.get(row) ?? {} : undefined,
      );
    } else {
      await format.write(
        columns,
        rows() as AsyncIterable<ExportRow>,
        sink,
        format.withFiles ? await filesOfDossiers(deps, job.user_id, columns) : undefined,
        format.documents ? (row) => documents.get(row) ?? {} : undefined,
      );
    }
    await flush();
    await writer.close();
  } catch (error) {
    await writer.abort(error).catch(() => {});
    await stored.catch(() => {});
    throw error;
  }
  const blob = await stored;
  const fileId = crypto.randomUUID();
  const day = deps.clock().toISOString().slice(0, 10);
  await insertFile(deps.db, {
    id: fileId,
    uploaderId: job.user_id,
    filename: `${slug(titre)}-${job.tab}-${day}.${format.extension}`,
    mime: format.mime,
    size: blob.size,
    sha256: blob.sha256,
    storageKey: blob.key,
    attached: { kind: "export", id: job.id },
    now: deps.clock().toISOString(),
  });
  return { fileId, rows: count };
}

/**
 * For a format that packs files: each dossier's récapitulatif and files as the instructeur
 * who asked reads them — through the same rules as their « Télécharger le dossier ». A row
 * names its dossier by its `numero` (its cell in the column « numero » for a format of cells).
 */
async function filesOfDossiers(deps: Deps, userId: number, columns: readonly ExportColumn[]) {
  const actor: Actor = {
    userId,
    email: await emailOf(deps.db, userId),
    roles: ["usager", ...await rolesOf(deps.db, userId)],
    sessionId: "",
  };
  const at = columns.findIndex((c) => c.id === "numero");
  return async function* (row: ExportRow | ExportCells): AsyncGenerator<ExportFile> {
    const numero = Array.isArray(row) ? row[at] : (row as ExportRow).numero;
    yield* (await dossierFiles(deps, actor, { id: Number(numero) })).files;
  };
}

/** One column's cell of a dossier, from its row and its parsed values and annotations. */
type Cell = (r: store.ExportedRow, values: Values, notes: Values) => ExportValue;

/** Places in `store.ExportedRow`. */
const ID = 0, STATE = 1, USAGER = 2, DEPOSITED = 3, UPDATED = 4, DECIDED = 5;
const MOTIVATION = 6, LABELS = 7, CHAMP_VALUES = 8, ANNOTATION_VALUES = 9, IDENTITE = 10;

/** The dossier's own columns (core/instruction/export_columns.ts), each as its cell. */
const DOSSIER_CELLS: readonly [string, Cell][] = [
  ["numero", (r) => r[ID]],
  ["etat", (r) => STATES.get(r[STATE]) ?? r[STATE]],
  ["usager", (r) => r[USAGER]],
  ["identite_verifiee_par", (r) => r[IDENTITE]],
  ["depose_le", (r) => when(r[DEPOSITED])],
  ["modifie_le", (r) => when(r[UPDATED])],
  ["decide_le", (r) => when(r[DECIDED])],
  ["motivation", (r) => r[MOTIVATION]],
  ["etiquettes", (r) => r[LABELS]],
];

const capitalized = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
/** « En construction »… by state, as the export's « État » column writes it. */
const STATES = new Map(DOSSIER_STATES.map((s) => [s as string, capitalized(stateLabel(s))]));
const NO_VALUES: Values = {};

function slug(titre: string): string {
  return titre.normalize("NFD").replace(/\p{M}+/gu, "").toLowerCase()
    .replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 60) || "dossiers";
}
