/** Queries of `demarche_plugins`: what an administrator switched on for a démarche. */
import type { Executor } from "../db/mod.ts";
import { reusableQuery } from "../db/reusable_query.ts";

export async function listForDemarche(db: Executor, demarcheId: number) {
  return await pluginsOf(db, demarcheId);
}

// Compiled once (`reusableQuery`): every deposit and decision reads it for the hooks.
const pluginsOf = reusableQuery((db, demarcheId: number) =>
  db.selectFrom("demarche_plugins").select(["plugin_id", "enabled", "settings"])
    .where("demarche_id", "=", demarcheId)
);

export async function upsert(
  db: Executor,
  row: { demarcheId: number; pluginId: string; enabled: boolean; settings: unknown; now: string },
) {
  const values = {
    enabled: row.enabled ? 1 : 0,
    settings: row.settings === undefined ? null : JSON.stringify(row.settings),
    updated_at: row.now,
  };
  await db.insertInto("demarche_plugins")
    .values({ demarche_id: row.demarcheId, plugin_id: row.pluginId, ...values })
    .onConflict((oc) => oc.columns(["demarche_id", "plugin_id"]).doUpdateSet(values))
    .execute();
}
