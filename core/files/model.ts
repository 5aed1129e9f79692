/** What may be uploaded: sizes, and the formats recognised from the content itself. */

/** Largest upload accepted by the server (a champ may set a lower limit). */
export const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;

/** Uploads an account may start in a minute: a person attaches a few, a script thousands. */
export const UPLOADS_PER_MINUTE = 60;

/** How long an upload not attached to anything is kept before the hourly purge deletes it. */
export const UNATTACHED_TTL_MS = 24 * 60 * 60_000;

/** « 1 024 Mo », « 1,5 Mo »: a size limit in Mo the French way. */
export function megabytes(bytes: number): string {
  const mb = Math.round(bytes / 1024 / 1024 * 10) / 10;
  return `${new Intl.NumberFormat("fr-FR").format(mb)} Mo`;
}

/** Formats recognised by their content (magic bytes), the only ones accepted. */
export const SNIFFED_MIMES: ReadonlySet<string> = new Set([
  "application/pdf",
  "image/png",
  "image/jpeg",
  "image/gif",
  "image/webp",
  "image/tiff",
  "image/heic",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  "application/vnd.oasis.opendocument.text",
  "application/vnd.oasis.opendocument.spreadsheet",
  "application/vnd.oasis.opendocument.presentation",
  "application/msword",
  "application/vnd.ms-excel",
  "application/x-cfb",
  "application/zip",
  "application/xml",
]);

/** Formats without magic bytes, accepted when the content is plain UTF-8 text. */
export const TEXT_MIMES: ReadonlySet<string> = new Set([
  "text/plain",
  "text/csv",
  "application/json",
]);

/**
 * The stored MIME type of an upload, or why it is refused (French). `sniffed` is what
 * the content says; `declared` what the browser said; `head` the first bytes.
 */
export function acceptFormat(
  sniffed: string | undefined,
  declared: string,
  head: Uint8Array,
): { mime: string } | { refused: string } {
  if (sniffed) {
    if (SNIFFED_MIMES.has(sniffed)) return { mime: sniffed };
    return {
      refused:
        "Ce type de fichier n’est pas accepté : envoyez un PDF, une image, un document bureautique ou un fichier texte.",
    };
  }
  const base = declared.split(";")[0].trim().toLowerCase();
  if (TEXT_MIMES.has(base) && isText(head)) return { mime: base };
  return {
    refused:
      "Le contenu de ce fichier ne correspond à aucun format accepté : envoyez un PDF, une image, un document bureautique ou un fichier texte.",
  };
}

function isText(bytes: Uint8Array): boolean {
  if (bytes.includes(0)) return false;
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(
      bytes.subarray(0, Math.min(bytes.length, 4096 - 4)),
    );
    return true;
  } catch {
    return false;
  }
}

/** Extensions a name may end with for each accepted type; the first is added when none fits. */
const EXTENSIONS: Readonly<Record<string, readonly string[]>> = {
  "application/pdf": ["pdf"],
  "image/png": ["png"],
  "image/jpeg": ["jpg", "jpeg", "jpe", "jfif"],
  "image/gif": ["gif"],
  "image/webp": ["webp"],
  "image/tiff": ["tif", "tiff"],
  "image/heic": ["heic", "heif"],
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ["docx"],
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ["xlsx"],
  "application/vnd.openxmlformats-officedocument.presentationml.presentation": ["pptx"],
  "application/vnd.oasis.opendocument.text": ["odt"],
  "application/vnd.oasis.opendocument.spreadsheet": ["ods"],
  "application/vnd.oasis.opendocument.presentation": ["odp"],
  "application/msword": ["doc"],
  "application/vnd.ms-excel": ["xls"],
  // An OLE container is what old Office files and Outlook messages are.
  "application/x-cfb": ["doc", "xls", "ppt", "msg", "cfb"],
  "application/zip": ["zip"],
  "application/xml": ["xml"],
  "text/plain": ["txt", "text", "log", "md"],
  "text/csv": ["csv"],
  "application/json": ["json"],
};

/**
 * What a name must not keep: C0 and C1 controls (NUL included), the bidi controls that
 * reorder what follows (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C: « ‮exe.pdf »
 * would display as « fdp.exe »), and `"`, which would end the name in `Content-Disposition`.
 */
// deno-lint-ignore no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f"\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;
/** A surrogate not paired with its other half: no character, and invalid UTF-8 once encoded. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * A file name safe to store, display and send back in `Content-Disposition`: no folders,
 * no control or bidi characters, NFC, at most 200 characters; with `mime` (the sniffed type)
 * it ends with an extension of that type, added when the given one is another's.
 */
export function cleanFilename(name: string, mime?: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  let cleaned = base.replace(LONE_SURROGATE, "").normalize("NFC").replace(UNSAFE, "")
    .trim().replace(/[. ]+$/, "");
  const extensions = mime ? EXTENSIONS[mime] : undefined;
  let suffix = "";
  if (extensions) {
    const dot = cleaned.lastIndexOf(".");
    const ext = dot > 0 ? cleaned.slice(dot + 1).toLowerCase() : "";
    if (!extensions.includes(ext)) suffix = `.${extensions[0]}`;
  }
  if (!cleaned) {
    cleaned = "fichier";
    suffix = extensions ? `.${extensions[0]}` : "";
  }
  // Cut before the suffix, and never between the halves of a pair.
  const kept = [...cleaned].slice(0, 200 - suffix.length);
  if (kept.length < [...cleaned].length) {
    const dot = cleaned.lastIndexOf(".");
    const ext = dot > 0 && cleaned.length - dot <= 10 ? cleaned.slice(dot) : "";
    cleaned = [...cleaned.slice(0, cleaned.length - ext.length)]
      .slice(0, 200 - suffix.length - ext.length).join("") + ext;
  }
  return cleaned + suffix;
}

/**
 * What the antivirus said of a file: `en_attente` until a scanner has read it; `sain`;
 * `infecte` (its bytes removed); `non_verifiable`, refused because the scanner could not
 * read it whole (its bytes removed too). Without a scanner, a file is `sain` at once.
 */
export type ScanState = "en_attente" | "sain" | "infecte" | "non_verifiable";

/** The file's state as stored; anything unknown counts as not checked. */
export function scanStateOf(stored: string): ScanState {
  return stored === "sain" || stored === "infecte" || stored === "non_verifiable"
    ? stored
    : "en_attente";
}

/**
 * Why a file that is not `sain` may not be used (deposited, downloaded), in French, saying
 * what to do; null for a sound file. `detail` is the signature found, or the scanner's reason;
 * `champ`, the label of the champ it is joined to, when there is one.
 */
export function scanProblem(
  file: { readonly filename: string; readonly state: ScanState; readonly detail: string | null },
  champ?: string,
): string | null {
  const name = `Le fichier « ${file.filename} »${champ ? ` du champ « ${champ} »` : ""}`;
  switch (file.state) {
    case "sain":
      return null;
    case "en_attente":
      return `${name} est en cours de vérification par l’antivirus : attendez qu’elle se termine (quelques secondes en général), puis réessayez.`;
    case "infecte":
      return `${name} contient un virus${
        file.detail ? ` (${file.detail})` : ""
      } : il a été supprimé. Retirez-le et joignez un fichier sain.`;
    case "non_verifiable":
      return `${name} n’a pas pu être vérifié par l’antivirus et a été supprimé. ${
        file.detail ?? "Retirez-le et joignez-en un autre."
      }`;
  }
}
