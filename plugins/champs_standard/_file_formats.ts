/** Families of file formats an administrator can accept on a pièce justificative. */

/** Family ids with their French label and MIME types. */
export const FORMAT_FAMILIES = {
  document_texte: {
    label: "documents texte (PDF, Word, OpenDocument, texte)",
    mimes: [
      "application/pdf",
      "application/msword",
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      "application/vnd.oasis.opendocument.text",
      "application/rtf",
      "text/plain",
    ],
  },
  tableur: {
    label: "tableurs (Excel, OpenDocument, CSV)",
    mimes: [
      "application/vnd.ms-excel",
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "application/vnd.oasis.opendocument.spreadsheet",
      "text/csv",
    ],
  },
  presentation: {
    label: "présentations (PowerPoint, OpenDocument)",
    mimes: [
      "application/vnd.ms-powerpoint",
      "application/vnd.openxmlformats-officedocument.presentationml.presentation",
      "application/vnd.oasis.opendocument.presentation",
    ],
  },
  donnees: {
    label: "données (CSV, JSON, XML, ZIP)",
    mimes: ["text/csv", "application/json", "application/xml", "text/xml", "application/zip"],
  },
  image_scan: {
    label: "images et scans (JPEG, PNG, HEIC, TIFF, PDF)",
    mimes: ["image/jpeg", "image/png", "image/heic", "image/tiff", "application/pdf"],
  },
} as const;

export type FormatFamily = keyof typeof FORMAT_FAMILIES;

/** The family ids, in the order an editor lists them. */
export const FORMAT_FAMILY_IDS = Object.keys(FORMAT_FAMILIES) as FormatFamily[];
