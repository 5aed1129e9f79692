/**
 * Uploads and downloads. A file is checked by its content (a renamed executable is refused
 * whatever its name), stored, and readable by its uploader; once attached to a dossier, by
 * whoever may read that dossier; a démarche's logo by anyone. With an antivirus active, a
 * file is « en cours de vérification » until it has read it (`scan.ts`), and only a sound
 * file is ever served.
 */
import { fileTypeFromBuffer } from "file-type";
import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";
import { type Actor, authorize } from "../policy/mod.ts";
import type { Executor } from "../db/mod.ts";
import { writeTransaction } from "../db/transaction.ts";
import { enqueue } from "../jobs/queue.ts";
import { recordDownload } from "../audit/service.ts";
import type { UploadRule } from "../plugin_sdk/types.ts";
import {
  acceptFormat,
  cleanFilename,
  MAX_UPLOAD_BYTES,
  megabytes,
  scanProblem,
  type ScanState,
  scanStateOf,
  UPLOADS_PER_MINUTE,
} from "./model.ts";
import { SCAN_JOB, SCAN_MAX_ATTEMPTS } from "./scan.ts";
import { TooLarge } from "./storage.ts";
import * as store from "./store.ts";

export { factsOfDossiers, fileLink, usableFiles } from "./store.ts";

export interface UploadedFile {
  readonly id: string;
  readonly filename: string;
  readonly size: number;
  readonly mime: string;
  /** `en_attente` while the antivirus has not read it, else `sain`. */
  readonly scan: "en_attente" | "sain";
}

/** What a champ accepts, when the upload says which champ it is for. */
export interface ChampUploadRule extends UploadRule {
  /** The champ's label, to name it in a refusal. */
  readonly label: string;
}

/** Why an upload may not go past some size: the smallest limit applies. */
interface Limit {
  readonly bytes: number;
  readonly refusal: () => AppError;
}

function limitsFor(
  quotaBytes: number,
  pending: number,
  rule: ChampUploadRule | undefined,
): Limit[] {
  const limits: Limit[] = [{
    bytes: MAX_UPLOAD_BYTES,
    refusal: () =>
      new AppError(
        "PAYLOAD_TOO_LARGE",
        `Ce fichier est trop volumineux : la taille maximale est de ${
          megabytes(MAX_UPLOAD_BYTES)
        }. Réduisez-le ou compressez-le.`,
      ),
  }, {
    bytes: quotaBytes - pending,
    refusal: () =>
      new AppError(
        "PAYLOAD_TOO_LARGE",
        `Ce fichier dépasse votre espace de ${
          megabytes(quotaBytes)
        } pour les fichiers pas encore déposés (${
          megabytes(Math.max(0, quotaBytes - pending))
        } encore libres). Déposez vos dossiers ou retirez des fichiers de vos brouillons, puis réessayez ; un fichier envoyé mais jamais enregistré dans un dossier est supprimé au bout de 24 heures.`,
      ),
  }];
  if (rule) {
    limits.push({
      bytes: rule.maxBytes,
      refusal: () =>
        new AppError(
          "PAYLOAD_TOO_LARGE",
          `Ce fichier dépasse la taille maximale de ${
            megabytes(rule.maxBytes)
          } du champ « ${rule.label} » : réduisez-le ou compressez-le.`,
        ),
    });
  }
  return limits.sort((a, b) => a.bytes - b.bytes);
}

/**
 * Stores an upload streamed from the request body: at most `UPLOADS_PER_MINUTE` an account,
 * read no further than the smallest of the server's limit, the champ's (with `rule`) and
 * what is left of the account's quota of files not yet deposited — whatever the request's
 * `Content-Length` says. The name is sanitised and ends with the sniffed type's extension.
 */
export async function upload(
  deps: Deps,
  actor: Actor | null,
  input: {
    filename: string;
    declaredMime: string;
    length: number | null;
    body: ReadableStream<Uint8Array> | null;
    rule?: ChampUploadRule;
  },
): Promise<UploadedFile> {
  const refuse = async (error: AppError): Promise<never> => {
    await input.body?.cancel().catch(() => {});
    throw error;
  };
  let me;
  try {
    me = authorize(actor, "fichier.deposer");
  } catch (error) {
    return await refuse(error as AppError);
  }
  if (!input.body) throw new AppError("BAD_REQUEST", "Le fichier est vide.");
  const key = `user:${me.userId}`;
  const now = deps.clock().getTime();
  const wait = await deps.limiters.uploads.retryAfter(key, now);
  if (wait > 0) {
    return await refuse(
      new AppError(
        "TOO_MANY_REQUESTS",
        `Vous avez envoyé ${UPLOADS_PER_MINUTE} fichiers en moins d’une minute : attendez ${
          Math.ceil(wait / 1000)
        } secondes avant d’en envoyer d’autres.`,
      ),
    );
  }
  await deps.limiters.uploads.fail(key, now);
  const limits = limitsFor(
    deps.uploadQuotaBytes,
    await store.pendingBytes(deps.db, me.userId),
    input.rule,
  );
  const limit = limits[0];
  if (limit.bytes <= 0 || (input.length !== null && input.length > limit.bytes)) {
    return await refuse(limit.refusal());
  }
  let stored;
  try {
    stored = await deps.blobs.put(input.body, limit.bytes);
  } catch (error) {
    if (error instanceof TooLarge) return await refuse(limit.refusal());
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
  if (input.rule?.mimes && !input.rule.mimes.includes(format.mime)) {
    await deps.blobs.remove(stored.key);
    throw new AppError(
      "BAD_REQUEST",
      `Le contenu de ce fichier (${format.mime}) n’est pas accepté pour le champ « ${input.rule.label} » : joignez un fichier parmi ${input.rule.formats}.`,
    );
  }
  const file: UploadedFile = {
    id: crypto.randomUUID(),
    filename: cleanFilename(input.filename, format.mime),
    size: stored.size,
    mime: format.mime,
    scan: deps.fileScanning ? "en_attente" : "sain",
  };
  const at = deps.clock().toISOString();
  // The row and its scan commit together: no file waits for a scan nobody will make.
  await writeTransaction(deps.db, async (trx) => {
    await store.insertFile(trx, {
      id: file.id,
      filename: file.filename,
      size: file.size,
      mime: file.mime,
      uploaderId: me.userId,
      sha256: stored.sha256,
      storageKey: stored.key,
      scanState: file.scan,
      now: at,
    });
    if (file.scan === "en_attente") {
      await enqueue(trx, SCAN_JOB, { fileId: file.id }, {
        now: at,
        maxAttempts: SCAN_MAX_ATTEMPTS,
      });
    }
  });
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
  const readers = await store.dossierReaders(db, id);
  if (!readers) return [];
  const { dossier: d, instructeurIds: instructeurs, avis } = readers;
  const own = avis.find((a) => a.file_id === file.id || a.answer_file_id === file.id);
  if (own) return own.revoked_at === null ? [...instructeurs, own.expert_id] : instructeurs;
  const experts = avis.filter((a) => a.revoked_at === null).map((a) => a.expert_id);
  // A file id is a UUID: found in the annotations' JSON, it is one of theirs.
  if (d.annotation_values.includes(`"${file.id}"`)) return instructeurs;
  return [d.owner_id, ...instructeurs, ...experts, ...await readers.inviteIds()];
}

/** The file if `actor` may read it (whatever the antivirus said of it). */
async function readableFile(deps: Deps, actor: Actor | null, id: string) {
  const file = await store.findFile(deps.db, id);
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
  return file;
}

/** Refuses, for everyone, a file the antivirus has not found sound (waiting, infected…). */
function refuseUnsound(
  file: { filename: string; scan_state: string; scan_detail: string | null },
): void {
  const problem = scanProblem({
    filename: file.filename,
    state: scanStateOf(file.scan_state),
    detail: file.scan_detail,
  });
  if (problem) throw new AppError("CONFLICT", problem);
}

/** The file and a stream of its bytes, if `actor` may read it and it is sound. */
export async function download(deps: Deps, actor: Actor | null, input: { id: string }) {
  const file = await readableFile(deps, actor, input.id);
  refuseUnsound(file);
  await recordDownload(deps, actor, file);
  return { file, body: await deps.blobs.open(file.storage_key) };
}

/**
 * What the antivirus said of file `id`, for whoever may read it: its state and, for a file
 * that may not be used, why (French).
 */
export async function scanVerdict(
  deps: Deps,
  actor: Actor | null,
  input: { id: string },
): Promise<{ state: ScanState; message: string | null }> {
  const file = await readableFile(deps, actor, input.id);
  const state = scanStateOf(file.scan_state);
  return {
    state,
    message: scanProblem({ filename: file.filename, state, detail: file.scan_detail }),
  };
}

/**
 * The problems of the files named in a dossier's values, by champ key (`files`, as the check
 * of the values lists them), each naming its champ (`champLabel`): a file the antivirus has
 * not found sound may not be deposited.
 */
export async function unsoundFiles(
  db: Executor,
  files: Readonly<Record<string, readonly string[]>>,
  champLabel: (key: string) => string | undefined,
): Promise<Record<string, string>> {
  const states = await store.scanStates(db, [...new Set(Object.values(files).flat())]);
  const problems: Record<string, string> = {};
  for (const [key, ids] of Object.entries(files)) {
    for (const id of ids) {
      const f = states.get(id);
      const problem = f &&
        scanProblem(
          { filename: f.filename, state: scanStateOf(f.state), detail: f.detail },
          champLabel(key),
        );
      if (problem) {
        problems[key] = problem;
        break;
      }
    }
  }
  return problems;
}

/**
 * Refuses, with a French CONFLICT naming the file, one among `ids` the antivirus has not found
 * sound (still being checked, infected, not checkable): what a message, an avis, a decision
 * or a logo carries is read by others at once, unlike a brouillon's files that wait for the
 * deposit. With `field`, the message is also that input's (`fields[field]`).
 */
export async function requireSound(
  db: Executor,
  ids: readonly string[],
  opts: { field?: string } = {},
): Promise<void> {
  const states = await store.scanStates(db, ids);
  for (const id of ids) {
    const f = states.get(id);
    const problem = f &&
      scanProblem({ filename: f.filename, state: scanStateOf(f.state), detail: f.detail });
    if (problem) {
      throw new AppError("CONFLICT", problem, opts.field ? { [opts.field]: problem } : undefined);
    }
  }
}

/**
 * File `id` if it is attached to dossier `dossierId`, and a stream of its bytes; undefined
 * otherwise; refused while the antivirus has not found it sound. For a caller that has
 * already asked the policy (the API's `api.fichier.lire`).
 */
export async function openDossierFile(deps: Deps, input: { dossierId: number; id: string }) {
  const file = await store.findFile(deps.db, input.id);
  if (!file || file.attached_kind !== "dossier" || file.attached_id !== input.dossierId) {
    return undefined;
  }
  refuseUnsound(file);
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
  const rows = await store.attachmentsOf(db, input.fileIds);
  const ok = new Set(
    rows.filter((f) =>
      (f.attached_kind === null && f.uploader_id === input.ownerId) ||
      (f.attached_kind === "dossier" && f.attached_id === input.dossierId)
    ).map((f) => f.id),
  );
  const fresh = rows.filter((f) => ok.has(f.id) && f.attached_kind === null).map((f) => f.id);
  if (fresh.length) await store.attachToDossier(db, fresh, input.dossierId);
  return input.fileIds.filter((id) => !ok.has(id));
}
