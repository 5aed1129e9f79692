/**
 * The one way the UI talks to the server: the typed tRPC client. Errors are turned into a
 * `Problem`: the French message for the alert, and one message per form field.
 */
import { createTRPCClient, httpBatchLink, TRPCClientError } from "@trpc/client";
import type { AppRouter } from "../core/api/router.ts";
import { prefetchLink } from "./prefetch.ts";

export const api = createTRPCClient<AppRouter>({
  // The server takes at most 20 calls in one batch.
  links: [prefetchLink, httpBatchLink({ url: "/trpc", maxItems: 20 })],
});

export interface Problem {
  readonly message: string;
  readonly fields: Readonly<Record<string, string>>;
}

const OFFLINE = "Le serveur ne répond pas. Vérifiez votre connexion puis réessayez.";

/** What to show for a failed call. */
export function problemOf(error: unknown): Problem {
  if (error instanceof TRPCClientError) {
    const data = error.data as { fields?: Record<string, string> } | undefined;
    return { message: error.message || OFFLINE, fields: data?.fields ?? {} };
  }
  // A Problem already (an upload's refusal): kept as it is.
  if (
    error && typeof error === "object" && typeof (error as Problem).message === "string" &&
    typeof (error as Problem).fields === "object"
  ) return error as Problem;
  return { message: OFFLINE, fields: {} };
}

/** A file stored by `POST /files`, as a pièce justificative's value lists it. */
export interface UploadedFile {
  readonly fileId: string;
  readonly filename: string;
  readonly size: number;
  readonly mime: string;
}

/** What the antivirus said of an upload (`GET /files/:id/verification`). */
export interface FileVerification {
  /** `en_attente` until the antivirus has read it; `sain`; `infecte`; `non_verifiable`. */
  readonly state: "en_attente" | "sain" | "infecte" | "non_verifiable";
  /** Why the file may not be used (French), or null for a sound one. */
  readonly message: string | null;
}

/** What the antivirus said of file `id`; rejects with a `Problem` when it cannot be asked. */
export async function fileVerification(id: string): Promise<FileVerification> {
  let res: Response;
  try {
    res = await fetch(`/files/${encodeURIComponent(id)}/verification`);
  } catch {
    throw { message: OFFLINE, fields: {} } satisfies Problem;
  }
  const body = await res.json().catch(() => null);
  if (res.ok && body && typeof body.state === "string") return body as FileVerification;
  throw {
    message: body?.error?.message ?? "La vérification du fichier n’a pas pu être lue. Réessayez.",
    fields: {},
  } satisfies Problem;
}

/**
 * Uploads one file as its raw bytes (the server checks its content), reporting progress
 * from 0 to 1; `target`, the dossier's champ it is for, has the server check that champ's
 * formats and size on receipt. Rejects with a `Problem` whose message is French and says
 * what to do.
 */
export function uploadFile(
  file: File,
  onProgress: (fraction: number) => void = () => {},
  target?: { readonly dossier: number; readonly champ: string },
): Promise<UploadedFile> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(
      "POST",
      target
        ? `/files?${new URLSearchParams({ dossier: String(target.dossier), champ: target.champ })}`
        : "/files",
    );
    xhr.setRequestHeader("content-type", file.type || "application/octet-stream");
    xhr.setRequestHeader("x-filename", encodeURIComponent(file.name));
    xhr.responseType = "json";
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      const body = xhr.response as
        | { id: string; filename: string; size: number; mime: string }
        | { error?: { message?: string } }
        | null;
      if (xhr.status === 201 && body && "id" in body) {
        onProgress(1);
        resolve({ fileId: body.id, filename: body.filename, size: body.size, mime: body.mime });
      } else {
        const message = body && "error" in body ? body.error?.message : undefined;
        reject({ message: message ?? "L’envoi du fichier a échoué. Réessayez.", fields: {} });
      }
    };
    xhr.onerror = () => reject({ message: OFFLINE, fields: {} } satisfies Problem);
    xhr.send(file);
  });
}

/** How often, and how long, a file attached at once is asked about while it is checked. */
const CHECK_POLL_MS = 1000;
const CHECK_WAIT_MS = 2 * 60_000;

/**
 * Uploads a file attached at once — to a message, an avis, a decision, the logo — which the
 * server takes only once the antivirus has found it sound: after sending, waits while it is
 * « en cours de vérification » (`onChecking` is told when that starts), and rejects with a
 * `Problem` saying why when it is refused (infected, not checkable, still waiting after two
 * minutes). Without an antivirus a file is sound at once: one question, no wait.
 */
export async function uploadSoundFile(
  file: File,
  opts: { onProgress?: (fraction: number) => void; onChecking?: () => void } = {},
): Promise<UploadedFile> {
  const uploaded = await uploadFile(file, opts.onProgress);
  const until = Date.now() + CHECK_WAIT_MS;
  for (let first = true;; first = false) {
    const verdict = await fileVerification(uploaded.fileId);
    if (verdict.state === "sain") return uploaded;
    if (verdict.state !== "en_attente" || Date.now() > until) {
      throw {
        message: verdict.message ?? "Ce fichier n’a pas pu être vérifié : joignez-en un autre.",
        fields: {},
      } satisfies Problem;
    }
    if (first) opts.onChecking?.();
    await new Promise((resolve) => setTimeout(resolve, CHECK_POLL_MS));
  }
}
