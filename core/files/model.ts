/** What may be uploaded: sizes, and the formats recognised from the content itself. */

/** Largest upload accepted by the server (a champ may set a lower limit). */
export const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;

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

/** A file name safe to store and to send back in `Content-Disposition`. */
export function cleanFilename(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  // deno-lint-ignore no-control-regex
  const cleaned = base.replace(/[\u0000-\u001f\u007f"]/g, "").trim().slice(0, 200);
  return cleaned || "fichier";
}
