/** Queries of what the API's writes keep: `Idempotency-Key`s and prefilled brouillons' links. */
import type { Executor } from "../db/mod.ts";

/** Whether `key` was recorded for the jeton since `before` (an action already applied). */
export async function idempotencyKeyTaken(
  db: Executor,
  k: { tokenId: number; key: string; before: string },
): Promise<boolean> {
  const row = await db.selectFrom("api_idempotency_keys").select("key")
    .where("token_id", "=", k.tokenId).where("key", "=", k.key)
    .where("created_at", ">=", k.before).executeTakeFirst();
  return row !== undefined;
}

/**
 * Records `key` for the jeton, in the transaction of the action it guards; false when it was
 * already recorded (the same action sent again). Keys older than `before` are forgotten first.
 */
export async function claimIdempotencyKey(
  db: Executor,
  k: { tokenId: number; key: string; now: string; before: string },
): Promise<boolean> {
  await db.deleteFrom("api_idempotency_keys").where("token_id", "=", k.tokenId)
    .where("created_at", "<", k.before).execute();
  const row = await db.insertInto("api_idempotency_keys")
    .values({ token_id: k.tokenId, key: k.key, created_at: k.now })
    .onConflict((oc) => oc.doNothing()).returning("key").executeTakeFirst();
  return row !== undefined;
}

export async function insertPrefill(
  db: Executor,
  p: { dossierId: number; tokenId: number; linkHash: string; now: string },
) {
  await db.insertInto("dossier_prefills").values({
    dossier_id: p.dossierId,
    token_id: p.tokenId,
    link_hash: p.linkHash,
    created_at: p.now,
  }).execute();
}

export async function findPrefill(db: Executor, linkHash: string) {
  return await db.selectFrom("dossier_prefills").selectAll()
    .where("link_hash", "=", linkHash).executeTakeFirst();
}

/** Marks the prefill claimed by `userId` unless someone did first; whether this call did. */
export async function claimPrefill(
  db: Executor,
  p: { dossierId: number; userId: number; now: string },
): Promise<boolean> {
  const done = await db.updateTable("dossier_prefills")
    .set({ claimed_at: p.now, claimed_by: p.userId })
    .where("dossier_id", "=", p.dossierId).where("claimed_at", "is", null)
    .executeTakeFirst();
  return Number(done.numUpdatedRows) === 1;
}

/** Prefilled brouillons of a démarche still waiting for their usager. */
export async function unclaimedCount(db: Executor, demarcheId: number): Promise<number> {
  const row = await db.selectFrom("dossier_prefills")
    .innerJoin("dossiers", "dossiers.id", "dossier_prefills.dossier_id")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("dossiers.demarche_id", "=", demarcheId)
    .where("dossier_prefills.claimed_at", "is", null).executeTakeFirstOrThrow();
  return Number(row.n);
}
