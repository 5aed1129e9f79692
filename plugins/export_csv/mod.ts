/**
 * Export CSV: the dossiers of a dashboard tab as a CSV file spreadsheets open as they are —
 * UTF-8 with a byte order mark (Excel reads the accents), « ; » between values (the French
 * locale's separator), every value quoted when it needs it, and a value a spreadsheet would
 * run as a formula (`=`, `+`, `-`, `@`, tab, return at its start) prefixed with `'`.
 * An instant is ISO 8601 in Paris time with its offset (`2026-12-06T04:13:00+01:00`), a day
 * `YYYY-MM-DD`: unambiguous, and sorted as text.
 */
import { definePlugin, type ExportValue, parisIso } from "../../core/plugin_sdk/mod.ts";

const SEPARATOR = ";";
/** Rows encoded together before one write: fewer, larger chunks, memory still bounded. */
const ROWS_PER_WRITE = 200;

/** One value as CSV (RFC 4180 quoting), neutralised against formula injection. */
export function csvValue(value: ExportValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "boolean") return value ? "Oui" : "Non";
  if (typeof value === "number") return String(value).replace(".", ",");
  if (typeof value === "object") {
    return (value.kind === "datetime" ? parisIso(value.value) : value.value.slice(0, 10)) ?? "";
  }
  // Most texts need nothing: one test says so.
  if (!SPECIAL.test(value)) return value;
  let text = value;
  if (FORMULA.test(text)) text = `'${text}`;
  return QUOTED.test(text) || text !== text.trim() ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A start a spreadsheet would run as a formula. */
const FORMULA = /^[=+\-@\t\r]/;
/** What needs quotes: the separator, a quote, a line break. */
const QUOTED = /[";\r\n]/;
/** Either, or white space at an end (which `trim` would take). */
const SPECIAL = /^[=+\-@\s]|[";\r\n]|\s$/;

export default definePlugin({
  id: "export_csv",
  version: "1.0.0",
  label: "Export CSV",
  description: "Télécharger les dossiers d’un onglet du tableau de bord en CSV (séparateur « ; »).",
  host: "^1.1.0",
  register(api) {
    api.exportFormat({
      id: "csv",
      label: "CSV (.csv)",
      mime: "text/csv; charset=utf-8",
      extension: "csv",
      cells: true,
      async write(columns, rows, sink) {
        const encoder = new TextEncoder();
        // One buffer, filled again for each write (the sink copies what it is given).
        let buffer = new Uint8Array(64 * 1024);
        const write = async (text: string) => {
          // UTF-8 takes at most 3 bytes per UTF-16 unit.
          if (buffer.length < text.length * 3) buffer = new Uint8Array(text.length * 3);
          const { written } = encoder.encodeInto(text, buffer);
          await sink.write(buffer.subarray(0, written));
        };
        // Each row's texts in one array, used again for every row: one flat string per row
        // (join), cheaper to encode than a chain of concatenations.
        const texts = columns.map((c) => c.label);
        const line = () => texts.join(SEPARATOR) + "\r\n";
        for (let i = 0; i < texts.length; i++) texts[i] = csvValue(texts[i]);
        let pending = "\uFEFF" + line();
        let count = 0;
        for await (const cells of rows) {
          for (let i = 0; i < texts.length; i++) texts[i] = csvValue(cells[i] ?? null);
          pending += line();
          if (++count % ROWS_PER_WRITE === 0) {
            await write(pending);
            pending = "";
          }
        }
        if (pending) await write(pending);
      },
    });
  },
});
