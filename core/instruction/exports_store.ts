/**
 * Queries of `exports` (an instructeur's exports of a dashboard tab) and of the columns they
 * last chose (`instructeur_preferences.export_columns`). Written only here.
 */
import { type Compilable, sql } from "kysely";
import type { Executor } from "../db/mod.ts";

/** Remembers the columns chosen for the démarche's next export (null: every column). */
export async function saveExportColumns(
  db: Executor,
  userId: number,
  demarcheId: number,
  columns: string | null,
): Promise<void> {
  await db.insertInto("instructeur_preferences")
    .values({ user_id: userId, demarche_id: demarcheId, columns: "[]", export_columns: columns })
    .onConflict((oc) =>
      oc.columns(["user_id", "demarche_id"]).doUpdateSet({ export_columns: columns })
    )
    .execute();
}

/** The columns last chosen for an export of the démarche, as stored (JSON), if any. */
export async function exportColumnsJson(
  db: Executor,
  userId: number,
  demarcheId: number,
): Promise<string | null> {
  const pref = await db.selectFrom("instructeur_preferences").select("export_columns")
    .where("user_id", "=", userId).where("demarche_id", "=", demarcheId).executeTakeFirst();
  return pref?.export_columns ?? null;
}

/** The same export asked since `since` and not failed, if any. */
export async function recentExport(
  db: Executor,
  e: {
    userId: number;
    demarcheId: number;
    format: string;
    tab: string;
    filters: string;
    columns: string | null;
    since: string;
  },
) {
  return await db.selectFrom("exports").select("id")
    .where("user_id", "=", e.userId).where("demarche_id", "=", e.demarcheId)
    .where("format", "=", e.format).where("tab", "=", e.tab)
    .where("filters", "=", e.filters).where("status", "!=", "failed")
    .where((eb) => e.columns === null ? eb("columns", "is", null) : eb("columns", "=", e.columns))
    .where("created_at", ">", e.since)
    .orderBy("id", "desc").executeTakeFirst();
}

export async function insertExport(
  db: Executor,
  e: {
    demarcheId: number;
    userId: number;
    format: string;
    tab: string;
    filters: string;
    columns: string | null;
    now: string;
    expiresAt: string;
  },
): Promise<number> {
  const { id } = await db.insertInto("exports").values({
    demarche_id: e.demarcheId,
    user_id: e.userId,
    format: e.format,
    tab: e.tab,
    filters: e.filters,
    columns: e.columns,
    status: "pending",
    created_at: e.now,
    expires_at: e.expiresAt,
  }).returning("id").executeTakeFirstOrThrow();
  return id;
}

/** The instructeur's last 20 exports of the démarche, newest first, with their files. */
export async function exportsOf(db: Executor, userId: number, demarcheId: number) {
  return await db.selectFrom("exports")
    .leftJoin("files", "files.id", "exports.file_id")
    .select([
      "exports.id",
      "exports.format",
      "exports.tab",
      "exports.filters",
      "exports.columns",
      "exports.status",
      "exports.rows",
      "exports.error",
      "exports.created_at",
      "exports.finished_at",
      "exports.expires_at",
      "files.id as file_id",
      "files.filename",
      "files.size",
    ])
    .where("exports.user_id", "=", userId).where("exports.demarche_id", "=", demarcheId)
    .orderBy("exports.id", "desc").limit(20).execute();
}

/** The exports past their time, with their files. */
export async function expiredExports(db: Executor, now: string) {
  return await db.selectFrom("exports").leftJoin("files", "files.id", "exports.file_id")
    .select(["exports.id", "files.id as file_id", "files.storage_key"])
    .where("exports.expires_at", "<", now).execute();
}

export async function deleteExport(db: Executor, exportId: number): Promise<void> {
  await db.deleteFrom("exports").where("id", "=", exportId).execute();
}

export async function findExport(db: Executor, exportId: number) {
  return await db.selectFrom("exports").selectAll().where("id", "=", exportId)
    .executeTakeFirst();
}

/** The export is written: its file and how many rows. */
export async function exportDone(
  db: Executor,
  exportId: number,
  done: { fileId: string; rows: number; now: string },
): Promise<void> {
  await db.updateTable("exports").set({
    status: "done",
    file_id: done.fileId,
    rows: done.rows,
    finished_at: done.now,
  }).where("id", "=", exportId).execute();
}

/** The export could not be written, and why (for the instructeur). */
export async function exportFailed(
  db: Executor,
  exportId: number,
  error: string,
  now: string,
): Promise<void> {
  await db.updateTable("exports").set({ status: "failed", error, finished_at: now })
    .where("id", "=", exportId).execute();
}

/** A dossier as an export reads it: its values in the order `exportedRows` selects them. */
export type ExportedRow = [
  id: number,
  state: string,
  usager: string,
  deposited_at: string | null,
  updated_at: string,
  decided_at: string | null,
  motivation: string | null,
  /** Its labels' names, sorted, « , » between; null without any (or when not asked). */
  labels: string | null,
  /** Null when not asked, as the others below. */
  champ_values: string | null,
  annotation_values: string | null,
  /** The provider that verified the owner's identity (« Identité FranceConnect »), or null. */
  identite_verifiee_par: string | null,
];

/**
 * The walk of an export (`numberOrderQuery`, the dashboard's rows in number order, its own
 * select list dropped) selecting only what the export writes, in the order of `ExportedRow`:
 * null in place of what it does not write.
 */
export function exportedRows(
  // deno-lint-ignore no-explicit-any
  walk: any,
  wanted: { motivation: boolean; labels: boolean; champs: boolean; annotations: boolean },
): Compilable<unknown> {
  const unless = (asked: boolean, column: string, as: string) =>
    asked ? sql.ref(column).as(as) : sql<null>`null`.as(as);
  return walk.clearSelect().select([
    "dossiers.id",
    "dossiers.state",
    "users.email as usager",
    "dossiers.deposited_at",
    "dossiers.updated_at",
    "dossiers.decided_at",
    unless(wanted.motivation, "dossiers.motivation", "motivation"),
    // string_agg(… order by …): PostgreSQL's, and SQLite's since 3.44.
    wanted.labels
      ? sql<string | null>`(select string_agg(l.name, ', ' order by l.name)
        from dossier_labels dl join demarche_labels l on l.id = dl.label_id
        where dl.dossier_id = dossiers.id)`.as("labels")
      : sql<null>`null`.as("labels"),
    unless(wanted.champs, "dossiers.champ_values", "champ_values"),
    unless(wanted.annotations, "dossiers.annotation_values", "annotation_values"),
    "dossiers.identite_verifiee_par",
  ]);
}

/**
 * The dossiers whole, as the read API's document is made of them (the owner's e-mail as
 * `email`), and the forms of their revisions.
 */
export async function exportedDocuments(db: Executor, dossierIds: readonly number[]) {
  const rows = await db.selectFrom("dossiers")
    .innerJoin("users", "users.id", "dossiers.owner_id")
    .select([
      "dossiers.id",
      "dossiers.demarche_id",
      "dossiers.revision_id",
      "dossiers.state",
      "dossiers.is_test",
      "dossiers.archived",
      "dossiers.champ_values",
      "dossiers.annotation_values",
      "dossiers.motivation",
      "dossiers.updated_at",
      "dossiers.deposited_at",
      "dossiers.en_instruction_at",
      "dossiers.decided_at",
      "dossiers.deleted_by_usager_at",
      "dossiers.justificatif_file_id",
      "dossiers.attestation_file_id",
      "dossiers.identite_verifiee_par",
      "users.email",
    ])
    .where("dossiers.id", "in", dossierIds).execute();
  const revisions = [
    ...new Set(rows.flatMap((r) => r.revision_id === null ? [] : [r.revision_id])),
  ];
  const forms = revisions.length
    ? await db.selectFrom("revisions").select(["id", "form"]).where("id", "in", revisions)
      .execute()
    : [];
  return { rows, forms: new Map(forms.map((f) => [f.id, f.form])) };
}

/** The démarche's title and its current form as stored (JSON): its published one, or its draft. */
export async function formOfDemarche(db: Executor, demarcheId: number) {
  const demarche = await db.selectFrom("demarches")
    .select(["titre", "draft_form", "published_revision_id", "settings"])
    .where("id", "=", demarcheId).executeTakeFirstOrThrow();
  const form = demarche.published_revision_id === null
    ? demarche.draft_form
    : (await db.selectFrom("revisions").select("form")
      .where("id", "=", demarche.published_revision_id).executeTakeFirstOrThrow()).form;
  return { titre: demarche.titre, form, settings: demarche.settings };
}
