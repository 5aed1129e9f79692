/** The lock a write transaction about one dossier takes first (`writeTransaction`'s `lock`). */
import { type Db, dialectOf } from "../db/mod.ts";

/**
 * Locks the dossier's row until the transaction ends (`FOR UPDATE`), on PostgreSQL: another
 * transaction locking it — a save, a deposit, a decision through `tracked()` — waits its turn.
 * SQLite's write transactions already go one at a time: nothing to do there.
 */
export async function lockDossier(db: Db, dossierId: number): Promise<void> {
  if (dialectOf(db) !== "postgres") return;
  await db.selectFrom("dossiers").select("id").where("id", "=", dossierId).forUpdate().execute();
}
