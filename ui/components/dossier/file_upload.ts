/**
 * How a champ input uploads a file: the dossier form provides an uploader; the editor's
 * preview does not, so there the pièce justificative input only shows what it will be.
 */
import { createContext, useContext } from "solid-js";
import type { FileVerification, UploadedFile } from "../../api.ts";

export interface FileUploader {
  /** With `champ` (its stable id), the server checks the champ's formats and size on receipt. */
  upload(
    file: File,
    onProgress: (fraction: number) => void,
    champ?: string,
  ): Promise<UploadedFile>;
  /** What the antivirus said of an uploaded file (« en cours de vérification », infected…). */
  verification?(fileId: string): Promise<FileVerification>;
}

export const FileUploadContext = createContext<FileUploader | null>(null);

/** The uploader of the surrounding dossier form, or null outside of one. */
export function useFileUploader(): FileUploader | null {
  return useContext(FileUploadContext) ?? null;
}
