/**
 * Export ZIP: the dossiers of a dashboard tab with everything that goes with them — for each
 * dossier a folder `dossier-<n>/` holding its récapitulatif PDF (demande, annotations
 * privées, avis, messagerie, history) and its files (pièces jointes, annotations, avis,
 * messagerie, decision), as its instructeur downloads them one by one. Files are stored as
 * they are (they are PDFs and images: deflating them saves nothing), streamed one at a time.
 */
import { definePlugin, ExportRefusal, zipFiles, ZipToSink } from "../../core/plugin_sdk/mod.ts";

/**
 * A zip without Zip64 holds at most 65,535 entries and 4 GiB: a dossier is one folder of a
 * few files, so this many dossiers stay well inside (and the PDFs take a while to write).
 */
export const MAX_DOSSIERS = 5000;
/** Past this many bytes the offsets of a zip without Zip64 no longer fit. */
export const MAX_BYTES = 0xffff_ffff - 64 * 1024 * 1024;
export const MAX_ENTRIES = 65_000;

export default definePlugin({
  id: "export_zip",
  version: "1.0.0",
  label: "Export ZIP",
  description:
    "Télécharger les dossiers d’un onglet avec leurs pièces jointes : un dossier par dossier, " +
    "avec son récapitulatif PDF.",
  host: "^1.0.0",
  register(api) {
    api.exportFormat({
      id: "zip",
      label: "ZIP : dossiers et pièces jointes (.zip)",
      mime: "application/zip",
      extension: "zip",
      withFiles: true,
      async write(_columns, rows, sink, files) {
        if (!files) throw new Error("The host gave no files to the ZIP export");
        let bytes = 0;
        let entries = 0;
        let dossiers = 0;
        const zip = new ZipToSink({
          write(chunk) {
            bytes += chunk.length;
            if (bytes > MAX_BYTES) {
              throw new ExportRefusal(
                "L’export ZIP dépasse 4 Go : filtrez les dossiers (par date de dépôt, par " +
                  "exemple) et faites plusieurs exports.",
              );
            }
            return sink.write(chunk);
          },
        });
        for await (const row of rows) {
          if (++dossiers > MAX_DOSSIERS) {
            throw new ExportRefusal(
              `L’export ZIP est limité à ${
                MAX_DOSSIERS.toLocaleString("fr-FR").replaceAll("\u202f", " ")
              } dossiers : filtrez les dossiers (par date de dépôt, par exemple) et faites ` +
                "plusieurs exports, ou choisissez un export en tableau.",
            );
          }
          const counted = async function* () {
            for await (const file of files(row)) {
              if (++entries > MAX_ENTRIES) {
                throw new ExportRefusal(
                  "L’export ZIP compte trop de fichiers : filtrez les dossiers et faites " +
                    "plusieurs exports.",
                );
              }
              yield file;
            }
          };
          await zipFiles(zip, counted());
        }
        await zip.end();
      },
    });
  },
});
