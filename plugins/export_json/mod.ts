/**
 * Export JSON: the dossiers of a dashboard tab as NDJSON (`application/x-ndjson`) — one JSON
 * document per line, each dossier as the read API's `GET /api/v1/dossiers/:id` gives it
 * (id, état, dates in ISO UTC, usager, champs `{id, libelle, type, valeur, brut}`,
 * annotations, étiquettes), without its history. A line is written as its dossier comes, so
 * memory stays flat whatever the count, and a reader can start before the end of the file.
 */
import { definePlugin } from "../../core/plugin_sdk/mod.ts";

/** Dossiers encoded together before one write: fewer, larger chunks, memory still bounded. */
const DOSSIERS_PER_WRITE = 100;

export default definePlugin({
  id: "export_json",
  version: "1.0.0",
  label: "Export JSON",
  description:
    "Télécharger les dossiers d’un onglet en JSON (une ligne par dossier, comme l’API les " +
    "donne), pour les traiter par programme.",
  host: "^1.0.0",
  register(api) {
    api.exportFormat({
      id: "json",
      label: "JSON, un dossier par ligne (.ndjson)",
      mime: "application/x-ndjson",
      extension: "ndjson",
      documents: true,
      async write(_columns, rows, sink, _files, document) {
        if (!document) throw new Error("Export JSON: the host passed no documents");
        const encoder = new TextEncoder();
        let pending = "";
        let count = 0;
        for await (const row of rows) {
          pending += JSON.stringify(document(row)) + "\n";
          if (++count % DOSSIERS_PER_WRITE === 0) {
            await sink.write(encoder.encode(pending));
            pending = "";
          }
        }
        if (pending) await sink.write(encoder.encode(pending));
      },
    });
  },
});
