/**
 * Queries Kysely builds and compiles once, then runs with new parameters only. For a lookup
 * by key, building the query's tree and compiling it to SQL cost more than SQLite running it
 * (a save made five such queries on every pause in typing); the statement itself is already
 * prepared once by the driver (`sqlite_driver.ts`), keyed by its SQL, and on SQLite runs
 * without Kysely's executor when it may (`directSqlite`).
 */
import { type Compilable, CompiledQuery } from "kysely";
import { type Dialect, dialectOf } from "./dialect.ts";
import type { Executor } from "./mod.ts";
import { directSqlite } from "./sqlite_driver.ts";

type Slot = number | { readonly value: unknown };

/**
 * `build` run once with stand-ins for its arguments and compiled; each call then runs that
 * SQL with the arguments in the stand-ins' places (other parameters as compiled). Each
 * argument must be used as a parameter, as is, and the query's shape must not depend on it.
 * One compiled text per dialect: a process may hold both (`deno task migrate-to-postgres`, its
 * tests), and SQLite's `?` sent to PostgreSQL is a syntax error.
 *
 * @example
 * ```ts
 * const byId = reusableQuery((db, id: number) =>
 *   db.selectFrom("dossiers").selectAll().where("id", "=", id)
 * );
 * const [dossier] = await byId(db, 42);
 * ```
 */
export function reusableQuery<A extends unknown[], R>(
  build: (db: Executor, ...args: A) => Compilable<R>,
): (db: Executor, ...args: A) => Promise<R[]> {
  const byDialect = new Map<Dialect, { sql: string; slots: readonly Slot[] }>();
  return async (db, ...args) => {
    const dialect = dialectOf(db);
    let compiled = byDialect.get(dialect);
    if (compiled === undefined) {
      const standIns = args.map((_, i) => `\u0000argument ${i}\u0000`);
      const query = build(db, ...(standIns as unknown as A)).compile();
      const slots = query.parameters.map((p): Slot => {
        const i = standIns.indexOf(p as string);
        return i === -1 ? { value: p } : i;
      });
      const unused = standIns.findIndex((_, i) => !slots.includes(i));
      if (unused !== -1) {
        throw new Error(`Argument ${unused} is not a parameter of the query "${query.sql}"`);
      }
      compiled = { sql: query.sql, slots };
      byDialect.set(dialect, compiled);
    }
    const parameters = compiled.slots.map((s) => typeof s === "number" ? args[s] : s.value);
    const direct = directSqlite(db);
    if (direct) return direct(compiled.sql, parameters) as R[];
    return (await db.executeQuery<R>(CompiledQuery.raw(compiled.sql, parameters))).rows;
  };
}
