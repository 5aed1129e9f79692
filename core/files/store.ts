/**
 * Queries of the `files` table: uploads, their attachment to a dossier or a démarche's logo,
 * the purge of those never attached. Who may read an attached file is read here too (the
 * dossier, its groupe, its avis and invités), since only the file's download asks it.
 */
import type { Executor } from "../db/mod.ts";

/**
 * Bytes of `uploaderId`'s files not yet deposited: uploads attached to nothing, or to one of
 * their brouillons.
 */
export async function pendingBytes(db: Executor, uploaderId: number): Promise<number> {
  const row = await db.selectFrom("files")
    .leftJoin(
      "dossiers",
      (join) =>
        join.on("files.attached_kind", "=", "dossier").onRef(
          "dossiers.id",
          "=",
          "files.attached_id",
        ),
    )
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>("files.size"), eb.lit(0)).as("bytes"))
    .where("files.uploader_id", "=", uploaderId)
    .where((eb) =>
      eb.or([eb("files.attached_kind", "is", null), eb("dossiers.state", "=", "brouillon")])
    )
    .executeTakeFirstOrThrow();
  return Number(row.bytes);
}

/**
 * A stored file: an upload (unattached until something takes it), or a file the instance
 * wrote itself for something (`attached`: an export, a dossier's attestation).
 */
export async function insertFile(
  db: Executor,
  file: {
    id: string;
    uploaderId: number | null;
    filename: string;
    mime: string;
    size: number;
    sha256: string;
    storageKey: string;
    attached?: { readonly kind: "dossier" | "export"; readonly id: number };
    /** `en_attente` for an upload a scanner will check; default `sain`. */
    scanState?: "en_attente" | "sain";
    now: string;
  },
): Promise<void> {
  await db.insertInto("files").values({
    id: file.id,
    uploader_id: file.uploaderId,
    filename: file.filename,
    mime: file.mime,
    size: file.size,
    sha256: file.sha256,
    storage_key: file.storageKey,
    ...(file.attached ? { attached_kind: file.attached.kind, attached_id: file.attached.id } : {}),
    ...(file.scanState ? { scan_state: file.scanState } : {}),
    created_at: file.now,
  }).execute();
}

/** Deletes a file's row (its blob is the caller's to remove once committed). */
export async function deleteFile(db: Executor, id: string): Promise<void> {
  await db.deleteFrom("files").where("id", "=", id).execute();
}

export async function findFile(db: Executor, id: string) {
  return await db.selectFrom("files").selectAll().where("id", "=", id).executeTakeFirst();
}

/**
 * What decides who reads the files of dossier `dossierId`: its usager, groupe, state and
 * annotations, the members of its groupe, its avis and its invités still invited.
 */
export async function dossierReaders(db: Executor, dossierId: number) {
  const dossier = await db.selectFrom("dossiers")
    .select(["owner_id", "groupe_id", "state", "annotation_values"])
    .where("id", "=", dossierId).executeTakeFirst();
  if (!dossier) return undefined;
  const instructeurIds = dossier.groupe_id === null || dossier.state === "brouillon"
    ? []
    : (await db.selectFrom("groupe_membres").select("user_id")
      .where("groupe_id", "=", dossier.groupe_id).execute()).map((m) => m.user_id);
  const avis = await db.selectFrom("avis")
    .select(["expert_id", "revoked_at", "file_id", "answer_file_id"])
    .where("dossier_id", "=", dossierId).execute();
  const inviteIds = async () =>
    (await db.selectFrom("invitations").select("user_id")
      .where("dossier_id", "=", dossierId).where("revoked_at", "is", null).execute())
      .map((i) => i.user_id);
  return { dossier, instructeurIds, avis, inviteIds };
}

/** Name, size and type of the files attached to these dossiers, by file id. */
export async function factsOfDossiers(
  db: Executor,
  dossierIds: readonly number[],
): Promise<Map<string, { filename: string; size: number; mime: string }>> {
  const found = new Map<string, { filename: string; size: number; mime: string }>();
  for (let i = 0; i < dossierIds.length; i += 500) {
    const rows = await db.selectFrom("files").select(["id", "filename", "size", "mime"])
      .where("attached_kind", "=", "dossier")
      .where("attached_id", "in", dossierIds.slice(i, i + 500)).execute();
    for (const r of rows) found.set(r.id, { filename: r.filename, size: r.size, mime: r.mime });
  }
  return found;
}

/** The files among `ids` with what they are attached to. */
export async function attachmentsOf(db: Executor, ids: readonly string[]) {
  return await db.selectFrom("files").select(["id", "uploader_id", "attached_kind", "attached_id"])
    .where("id", "in", [...ids]).execute();
}

/** Attaches the files `ids` to dossier `dossierId`. */
export async function attachToDossier(
  db: Executor,
  ids: readonly string[],
  dossierId: number,
): Promise<void> {
  await db.updateTable("files").set({ attached_kind: "dossier", attached_id: dossierId })
    .where("id", "in", [...ids]).execute();
}

/** Attaches file `id` to démarche `demarcheId` as its logo, public from then on. */
export async function attachLogo(db: Executor, id: string, demarcheId: number): Promise<void> {
  await db.updateTable("files").set({ attached_kind: "logo", attached_id: demarcheId })
    .where("id", "=", id).execute();
}

/**
 * The stored facts of the files among `ids` that may go on this dossier: the uploader's own
 * unattached uploads, or files already attached to it (the rule of `attachToDossier`).
 */
export async function usableFiles(
  db: Executor,
  input: { dossierId: number; uploaderId: number; ids: readonly string[] },
): Promise<Map<string, { filename: string; size: number; mime: string }>> {
  const found = new Map<string, { filename: string; size: number; mime: string }>();
  for (let i = 0; i < input.ids.length; i += 500) {
    const rows = await db.selectFrom("files").select(["id", "filename", "size", "mime"])
      .where("id", "in", input.ids.slice(i, i + 500))
      .where((eb) =>
        eb.or([
          eb.and([eb("attached_kind", "is", null), eb("uploader_id", "=", input.uploaderId)]),
          eb.and([eb("attached_kind", "=", "dossier"), eb("attached_id", "=", input.dossierId)]),
        ])
      ).execute();
    for (const r of rows) found.set(r.id, { filename: r.filename, size: r.size, mime: r.mime });
  }
  return found;
}

/** A file's name and size, to link to it at `/files/:id`; null when there is none. */
export async function fileLink(db: Executor, id: string | null) {
  if (id === null) return null;
  const f = await db.selectFrom("files").select(["id", "filename", "size"]).where("id", "=", id)
    .executeTakeFirst();
  return f ?? null;
}

/** Up to `limit` uploads attached to nothing and created before `before`, oldest first. */
export async function unattachedBefore(db: Executor, before: string, limit: number) {
  return await db.selectFrom("files").select("id")
    .where("attached_kind", "is", null).where("created_at", "<", before)
    .orderBy("created_at").limit(limit).execute();
}

/**
 * Deletes the files among `ids` still attached to nothing (one attached meanwhile is kept);
 * returns the blobs to remove.
 */
export async function deleteUnattached(db: Executor, ids: readonly string[]) {
  return await db.deleteFrom("files")
    .where("id", "in", [...ids]).where("attached_kind", "is", null)
    .returning("storage_key").execute();
}

/** Deletes the rows of the files attached to dossier `dossierId`; returns their blobs. */
export async function deleteFilesOfDossier(db: Executor, dossierId: number): Promise<string[]> {
  const files = await db.selectFrom("files").select(["id", "storage_key"])
    .where("attached_kind", "=", "dossier").where("attached_id", "=", dossierId).execute();
  if (files.length) {
    await db.deleteFrom("files").where("id", "in", files.map((f) => f.id)).execute();
  }
  return files.map((f) => f.storage_key);
}

/** What the antivirus said of the files among `ids`, by id. */
export async function scanStates(db: Executor, ids: readonly string[]) {
  const found = new Map<string, { filename: string; state: string; detail: string | null }>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db.selectFrom("files")
      .select(["id", "filename", "scan_state", "scan_detail"])
      .where("id", "in", ids.slice(i, i + 500)).execute();
    for (const r of rows) {
      found.set(r.id, { filename: r.filename, state: r.scan_state, detail: r.scan_detail });
    }
  }
  return found;
}

/**
 * Records the antivirus's verdict on a file still waiting for it; false when it was no longer
 * waiting (deleted, or checked by another run).
 */
export async function recordScan(
  db: Executor,
  id: string,
  verdict: { state: "sain" | "infecte" | "non_verifiable"; detail: string | null; now: string },
): Promise<boolean> {
  const r = await db.updateTable("files")
    .set({ scan_state: verdict.state, scan_detail: verdict.detail, scanned_at: verdict.now })
    .where("id", "=", id).where("scan_state", "=", "en_attente").executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** How many files wait for the antivirus, and since when the oldest does. */
export async function scanBacklog(db: Executor) {
  const row = await db.selectFrom("files")
    .select((eb) => [eb.fn.countAll<number>().as("waiting"), eb.fn.min("created_at").as("since")])
    .where("scan_state", "=", "en_attente").executeTakeFirstOrThrow();
  return { waiting: Number(row.waiting), since: (row.since as string | null) ?? null };
}

/**
 * The error of the latest try of a pending scan job (`kind`) that failed and waits; null if
 * none. Read here, not written: the queue (core/jobs/) owns the table.
 */
export async function lastScanError(db: Executor, kind: string): Promise<string | null> {
  const row = await db.selectFrom("jobs").select("last_error")
    .where("status", "=", "pending").where("kind", "=", kind)
    .where("last_error", "is not", null)
    .orderBy("updated_at", "desc").limit(1).executeTakeFirst();
  return row?.last_error ?? null;
}
