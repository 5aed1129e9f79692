/**
 * Uploads and downloads. A file is checked by its content (a renamed executable is refused
 * whatever its name), stored, and readable by its uploader; once attached to a dossier, by
 * whoever may read that dossier; a démarche's logo by anyone.
 */
import { fileTypeFromBuffer } from "file-type";
import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";
import { type Actor, authorize } from "../policy/mod.ts";
import type { Executor } from "../demarches/_executor.ts";
import { acceptFormat, cleanFilename, MAX_UPLOAD_BYTES } from "./model.ts";
import { TooLarge } from "./storage.ts";

export interface UploadedFile {
  readonly id: string;
  readonly filename: string;
  readonly size: number;
  readonly mime: string;
}

const tooLarge = (max: number) =>
  new AppError(
    "BAD_REQUEST",
    `Ce fichier est trop volumineux : la taille maximale est de ${
      Math.round(max / 1024 / 1024)
    } Mo.`,
  );

/** Stores an upload streamed from the request body. */
export async function upload(
  deps: Deps,
  actor: Actor | null,
  input: {
    filename: string;
    declaredMime: string;
    length: number | null;
    body: ReadableStream<Uint8Array> | null;
  },
): Promise<UploadedFile> {
  const me = authorize(actor, "fichier.deposer");
  if (!input.body) throw new AppError("BAD_REQUEST", "Le fichier est vide.");
  if (input.length !== null && input.length > MAX_UPLOAD_BYTES) throw tooLarge(MAX_UPLOAD_BYTES);
  let stored;
  try {
    stored = await deps.blobs.put(input.body, MAX_UPLOAD_BYTES);
  } catch (error) {
    if (error instanceof TooLarge) throw tooLarge(MAX_UPLOAD_BYTES);
    throw error;
  }
  if (stored.size === 0) {
    await deps.blobs.remove(stored.key);
    throw new AppError("BAD_REQUEST", "Le fichier est vide.");
  }
  const format = acceptFormat(
    (await fileTypeFromBuffer(stored.head))?.mime,
    input.declaredMime,
    stored.head,
  );
  if ("refused" in format) {
    await deps.blobs.remove(stored.key);
    throw new AppError("BAD_REQUEST", format.refused);
  }
  const file = {
    id: crypto.randomUUID(),
    filename: cleanFilename(input.filename),
    size: stored.size,
    mime: format.mime,
  };
  await deps.db.insertInto("files").values({
    id: file.id,
    uploader_id: me.userId,
    filename: file.filename,
    mime: file.mime,
    size: file.size,
    sha256: stored.sha256,
    storage_key: stored.key,
    created_at: deps.clock().toISOString(),
  }).execute();
  return file;
}

const notFound = () =>
  new AppError("NOT_FOUND", "Ce fichier n’existe pas ou vous n’y avez pas accès.");

/**
 * Who may read a file attached to something, besides its uploader. A dossier's files follow
 * what each person's page shows: the instructeurs of its groupe read them all once it is
 * deposited; an avis's files are for the instructeurs and that avis's expert only (while it
 * is not revoked); the annotations privées's for the instructeurs only;
 * the rest (the form's pièces jointes, the messagerie's, the decision's) for the usager, the
 * invités and the experts too.
 */
async function readersOf(
  db: Executor,
  file: { id: string; attached_kind: string | null; attached_id: number | null },
): Promise<number[]> {
  const id = file.attached_id;
  if (file.attached_kind !== "dossier" || id === null) return [];
  const d = await db.selectFrom("dossiers")
    .select(["owner_id", "groupe_id", "state", "annotation_values"])
    .where("id", "=", id).executeTakeFirst();
  if (!d) return [];
  const instructeurs = d.groupe_id === null || d.state === "brouillon"
    ? []
    : (await db.selectFrom("groupe_membres").select("user_id")
      .where("groupe_id", "=", d.groupe_id).execute()).map((m) => m.user_id);
  const avis = await db.selectFrom("avis")
    .select(["expert_id", "revoked_at", "file_id", "answer_file_id"])
    .where("dossier_id", "=", id).execute();
  const own = avis.find((a) => a.file_id === file.id || a.answer_file_id === file.id);
  if (own) return own.revoked_at === null ? [...instructeurs, own.expert_id] : instructeurs;
  const experts = avis.filter((a) => a.revoked_at === null).map((a) => a.expert_id);
  // A file id is a UUID: found in the annotations' JSON, it is one of theirs.
  if (d.annotation_values.includes(`"${file.id}"`)) return instructeurs;
  const invites = (await db.selectFrom("invitations").select("user_id")
    .where("dossier_id", "=", id).where("revoked_at", "is", null).execute())
    .map((i) => i.user_id);
  return [d.owner_id, ...instructeurs, ...experts, ...invites];
}

/** The file and a stream of its bytes, if `actor` may read it. */
export async function download(deps: Deps, actor: Actor | null, input: { id: string }) {
  const file = await deps.db.selectFrom("files").selectAll().where("id", "=", input.id)
    .executeTakeFirst();
  if (!file) throw notFound();
  if (file.attached_kind !== "logo") {
    if (!actor) throw new AppError("UNAUTHORIZED", "Connectez-vous pour télécharger ce fichier.");
    try {
      authorize(actor, "fichier.lire", {
        ownerId: file.uploader_id ?? undefined,
        readerIds: await readersOf(deps.db, file),
      });
    } catch {
      throw notFound();
    }
  }
  return { file, body: await deps.blobs.open(file.storage_key) };
}

/**
 * Attaches files named in a dossier's values to it. Each must be the owner's own upload or
 * already this dossier's; returns the ids that are neither, to report on their champ.
 */
export async function attachToDossier(
  db: Executor,
  input: { dossierId: number; ownerId: number; fileIds: readonly string[] },
): Promise<string[]> {
  if (input.fileIds.length === 0) return [];
  const rows = await db.selectFrom("files").select([
    "id",
    "uploader_id",
    "attached_kind",
    "attached_id",
  ])
    .where("id", "in", [...input.fileIds]).execute();
  const ok = new Set(
    rows.filter((f) =>
      (f.attached_kind === null && f.uploader_id === input.ownerId) ||
      (f.attached_kind === "dossier" && f.attached_id === input.dossierId)
    ).map((f) => f.id),
  );
  const fresh = rows.filter((f) => ok.has(f.id) && f.attached_kind === null).map((f) => f.id);
  if (fresh.length) {
    await db.updateTable("files").set({ attached_kind: "dossier", attached_id: input.dossierId })
      .where("id", "in", fresh).execute();
  }
  return input.fileIds.filter((id) => !ok.has(id));
}

/** A file's name and size, to link to it at `/files/:id`; null when there is none. */
export async function fileLink(db: Executor, id: string | null) {
  if (id === null) return null;
  const f = await db.selectFrom("files").select(["id", "filename", "size"]).where("id", "=", id)
    .executeTakeFirst();
  return f ?? null;
}
