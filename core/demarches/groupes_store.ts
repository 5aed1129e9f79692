/** Queries of a démarche's groupes instructeurs (`groupes_instructeurs`) and their members. */
import type { Executor } from "../db/mod.ts";

export async function insertGroupe(
  db: Executor,
  g: { demarcheId: number; label: string; isDefault: boolean; position: number; now: string },
): Promise<number> {
  const row = await db.insertInto("groupes_instructeurs").values({
    demarche_id: g.demarcheId,
    label: g.label,
    is_default: g.isDefault ? 1 : 0,
    position: g.position,
    created_at: g.now,
  }).returning("id").executeTakeFirstOrThrow();
  return row.id;
}

export async function findGroupe(db: Executor, demarcheId: number, groupeId: number) {
  return await db.selectFrom("groupes_instructeurs").selectAll()
    .where("id", "=", groupeId).where("demarche_id", "=", demarcheId).executeTakeFirst();
}

/** The démarche's groupes in routing order, the default one last. */
export async function listGroupes(db: Executor, demarcheId: number) {
  return await db.selectFrom("groupes_instructeurs").selectAll()
    .where("demarche_id", "=", demarcheId).orderBy("is_default").orderBy("position")
    .orderBy("id").execute();
}

/** The ids of the démarche's groupes. */
export async function groupeIds(db: Executor, demarcheId: number): Promise<number[]> {
  return (await db.selectFrom("groupes_instructeurs").select("id")
    .where("demarche_id", "=", demarcheId).orderBy("id").execute()).map((g) => g.id);
}

/** The instructeurs of every groupe of the démarche, with their account, by address. */
export async function membersOfDemarche(db: Executor, demarcheId: number) {
  return await db.selectFrom("groupe_membres")
    .innerJoin("users", "users.id", "groupe_membres.user_id")
    .innerJoin("groupes_instructeurs", "groupes_instructeurs.id", "groupe_membres.groupe_id")
    .select([
      "groupe_membres.groupe_id",
      "users.id",
      "users.email",
      "users.password_hash",
      "groupe_membres.created_at",
    ])
    .where("groupes_instructeurs.demarche_id", "=", demarcheId).orderBy("users.email")
    .execute();
}

export async function labelTaken(db: Executor, demarcheId: number, label: string) {
  return (await db.selectFrom("groupes_instructeurs").select("id")
    .where("demarche_id", "=", demarcheId).where("label", "=", label)
    .executeTakeFirst()) !== undefined;
}

/** The highest position of the démarche's groupes (0 when none). */
export async function lastPosition(db: Executor, demarcheId: number): Promise<number> {
  const last = await db.selectFrom("groupes_instructeurs")
    .select((eb) => eb.fn.max("position").as("p")).where("demarche_id", "=", demarcheId)
    .executeTakeFirst();
  return Number(last?.p ?? 0);
}

export async function renameGroupe(db: Executor, groupeId: number, label: string) {
  await db.updateTable("groupes_instructeurs").set({ label }).where("id", "=", groupeId).execute();
}

export async function deleteGroupe(db: Executor, groupeId: number) {
  await db.deleteFrom("groupes_instructeurs").where("id", "=", groupeId).execute();
}

/** Sets the routing rule (its JSON), or with null removes it. */
export async function setRoutingRule(db: Executor, groupeId: number, rule: string | null) {
  await db.updateTable("groupes_instructeurs").set({ routing_rule: rule })
    .where("id", "=", groupeId).execute();
}

/** The members of one groupe. */
export async function memberIds(db: Executor, groupeId: number): Promise<number[]> {
  return (await db.selectFrom("groupe_membres").select("user_id")
    .where("groupe_id", "=", groupeId).execute()).map((m) => m.user_id);
}

/** The instructeurs of any groupe of the démarche, each once. */
export async function instructeurIdsOfDemarche(db: Executor, demarcheId: number) {
  return (await db.selectFrom("groupe_membres")
    .innerJoin("groupes_instructeurs", "groupes_instructeurs.id", "groupe_membres.groupe_id")
    .select("groupe_membres.user_id").distinct()
    .where("groupes_instructeurs.demarche_id", "=", demarcheId).execute()).map((m) => m.user_id);
}

/** Whether `userId` is still a member of some groupe, of any démarche. */
export async function inAnyGroupe(db: Executor, userId: number): Promise<boolean> {
  return (await db.selectFrom("groupe_membres").select("user_id")
    .where("user_id", "=", userId).limit(1).executeTakeFirst()) !== undefined;
}

export async function isMember(db: Executor, groupeId: number, userId: number) {
  return (await db.selectFrom("groupe_membres").select("user_id")
    .where("groupe_id", "=", groupeId).where("user_id", "=", userId)
    .executeTakeFirst()) !== undefined;
}

export async function addMember(db: Executor, groupeId: number, userId: number, now: string) {
  await db.insertInto("groupe_membres")
    .values({ groupe_id: groupeId, user_id: userId, created_at: now }).execute();
}

export async function removeMember(db: Executor, groupeId: number, userId: number) {
  await db.deleteFrom("groupe_membres").where("groupe_id", "=", groupeId)
    .where("user_id", "=", userId).execute();
}
