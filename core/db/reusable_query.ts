/**
 * Queries Kysely builds and compiles once, then runs with new parameters only. For a lookup
 * by key, building the query's tree and compiling it to SQL cost more than SQLite running it
 * (a save made five such queries on every pause in typing); the statement itself is already
 * prepared once by the driver (`sqlite_driver.ts`), keyed by its SQL.
 */
import { type Compilable, CompiledQuery } from "kysely";
import type { Executor } from "./mod.ts";

type Slot = number | { readonly value: unknown };

/**
 * `build` run once with stand-ins for its arguments and compiled; each call then runs that
 * SQL with the arguments in the stand-ins' places (other parameters as compiled). Each
 * argument must be used as a parameter, as is, and the query's shape must not depend on it.
 * One compiled text per process: every handle of a process speaks the same dialect.
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
  let compiled: { sql: string; slots: readonly Slot[] } | undefined;
  return async (db, ...args) => {
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
    }
    const parameters = compiled.slots.map((s) => typeof s === "number" ? args[s] : s.value);
    return (await db.executeQuery<R>(CompiledQuery.raw(compiled.sql, parameters))).rows;
  };
}
