/**
 * Micro-benchmark of the per-request session lookup: the raw prepared statement against
 * the store's `findSessionAccount` (Kysely, query compiled once) over the statement-caching
 * adapter and over one that prepares every time, and against building and compiling the
 * query on every call (what the store did before).
 */
import { Kysely, type SqliteDatabase, SqliteDialect } from "kysely";
import { DatabaseSync } from "node:sqlite";
import type { Database } from "../../core/db/schema.ts";
import { findSessionAccount } from "../../core/accounts/store.ts";
import { sessionIdOf } from "../../core/accounts/service.ts";
import { compare, type MicroResult } from "./micro.ts";
import type { Fixture } from "./fixture.ts";

const RAW_SQL = `select u.id, u.email, u.totp_enabled_at, s.last_seen_at,
  (select group_concat(role) from user_roles r where r.user_id = u.id) as roles
  from sessions s join users u on u.id = s.user_id
  where s.id = ? and s.expires_at > ?`;

type Param = string | number | null;

/** What the adapter looked like before its statement cache (DESIGN.md §8: ~0.4). */
function uncachedAdapter(db: DatabaseSync): SqliteDatabase {
  return {
    close: () => db.close(),
    prepare(sql) {
      const stmt = db.prepare(sql);
      return {
        reader: stmt.columns().length > 0,
        all: (params) => stmt.all(...(params as Param[])),
        run: (params) => stmt.run(...(params as Param[])) as never,
        iterate: (params) => stmt.iterate(...(params as Param[])),
      };
    },
  };
}

function builderQuery(db: Kysely<Database>, id: string, now: string) {
  return db.selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .select((eb) => [
      "users.id",
      "users.email",
      "users.totp_enabled_at",
      "sessions.last_seen_at",
      eb.selectFrom("user_roles").select((e) => e.fn<string>("group_concat", ["role"]).as("r"))
        .whereRef("user_roles.user_id", "=", "users.id").as("roles"),
    ])
    .where("sessions.id", "=", id).where("sessions.expires_at", ">", now)
    .executeTakeFirst();
}

export async function benchSessionQuery(
  fixture: Fixture,
  opts: { rounds: number; ms: number },
): Promise<MicroResult[]> {
  const path = `${fixture.dataDir}/guichet.sqlite`;
  const raw = new DatabaseSync(path);
  const uncached = new Kysely<Database>({
    dialect: new SqliteDialect({ database: uncachedAdapter(new DatabaseSync(path)) }),
  });
  const stmt = raw.prepare(RAW_SQL);
  const id = await sessionIdOf(fixture.token);
  const now = new Date().toISOString();
  const db = fixture.instance.deps.db;
  if (!(await findSessionAccount(db, id, now))) throw new Error("Bench session not found");
  try {
    return await compare([
      { name: "raw prepared statement", run: () => stmt.get(id, now) },
      { name: "store findSessionAccount", run: () => findSessionAccount(db, id, now) },
      { name: "  same, adapter without cache", run: () => findSessionAccount(uncached, id, now) },
      { name: "builder compiled per call", run: () => builderQuery(db, id, now) },
    ], opts);
  } finally {
    await uncached.destroy();
    raw.close();
  }
}
