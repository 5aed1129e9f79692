/**
 * Keeps a deposited dossier's searchable text and filterable values in step with it, in the
 * transaction that changes them: the dashboard filters and searches those, never the JSON.
 */
import type { PluginHost } from "../plugin_host/host.ts";
import type { ChampDescriptor } from "../shared/form.ts";
import type { Executor } from "../db/mod.ts";
import { type IndexRow, replaceIndexRows, setOwnerColumn } from "./index_store.ts";
import { indexSearchText } from "../db/search.ts";
import { champText } from "../demarches/champ_text.ts";

/** The usager's address, indexed as a pseudo-champ (a champ's stable id has no « @ »). */
export const USAGER_COLUMN = "@usager";

/** What a sort on a text column compares: the display without case or accents. */
export function sortText(display: string): string {
  return display.normalize("NFD").replace(/\p{M}+/gu, "").toLowerCase().slice(0, 200);
}

/** What a value is compared as in filters: its code for territory objects, else itself. */
function comparable(value: unknown): { text: string | null; num: number | null } {
  if (typeof value === "number") return { text: String(value), num: value };
  if (typeof value === "boolean") return { text: value ? "true" : "false", num: null };
  if (typeof value === "string") return { text: value, num: null };
  if (value && typeof value === "object" && "code" in value) {
    return { text: String((value as { code: unknown }).code), num: null };
  }
  return { text: null, num: null };
}

export async function indexDossier(
  trx: Executor,
  host: PluginHost,
  dossier: { id: number; demarcheId: number; usager: string },
  champs: readonly ChampDescriptor[],
  values: Readonly<Record<string, unknown>>,
): Promise<void> {
  const texts: string[] = [String(dossier.id), dossier.usager];
  const rows: IndexRow[] = [{
    dossier_id: dossier.id,
    demarche_id: dossier.demarcheId,
    stable_id: USAGER_COLUMN,
    value_text: dossier.usager,
    value_num: null,
    display: dossier.usager,
    item: 0,
    sort_text: sortText(dossier.usager),
  }];
  for (const d of champs) {
    const value = values[d.stableId];
    const type = host.champTypes.get(d.type);
    if (value === undefined || value === null || !type || type.fillable === false) continue;
    const display = type.container ? "" : champText(host.champTypes, d)(value);
    if (type.container) {
      for (const row of Array.isArray(value) ? value : []) {
        for (const cell of Object.values(row as Record<string, unknown>)) {
          if (typeof cell === "string" || typeof cell === "number") texts.push(String(cell));
        }
      }
      continue;
    }
    texts.push(display);
    const items = Array.isArray(value) ? value : [value];
    items.forEach((one, item) => {
      const { text, num } = comparable(one);
      rows.push({
        dossier_id: dossier.id,
        demarche_id: dossier.demarcheId,
        stable_id: d.stableId,
        value_text: text,
        value_num: num,
        display,
        item,
        // Dates compare on their ISO form, not on « 3 mars 2025 ».
        sort_text: type.columnKind === "date" && text ? text : sortText(display),
      });
    });
  }
  await replaceIndexRows(trx, dossier.id, rows);
  await indexSearchText(trx, dossier, texts.join(" "));
}

/** The usager's new address on the dashboards of their dossiers (the sort and filter column). */
export async function renameUsager(trx: Executor, userId: number, email: string): Promise<void> {
  await setOwnerColumn(trx, userId, USAGER_COLUMN, { text: email, sortText: sortText(email) });
}
