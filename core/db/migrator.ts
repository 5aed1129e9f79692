/** Applies the numbered migrations of `migrations/` (and plugins' own) at start. */
import type { Kysely } from "kysely";
import { type Migration, type MigrationProvider, Migrator } from "kysely/migration";
import { migrations as coreMigrations } from "../../migrations/mod.ts";

/** Migrations as a plain record, so plugins can add theirs under their own prefix. */
export type MigrationSet = Record<string, Migration>;

/** Brings the schema to the latest version; throws with the failing migration's name. */
export async function migrateToLatest(
  // deno-lint-ignore no-explicit-any
  db: Kysely<any>,
  extra: MigrationSet = {},
): Promise<void> {
  const provider: MigrationProvider = {
    getMigrations: () => Promise.resolve({ ...coreMigrations, ...extra }),
  };
  const { error, results } = await new Migrator({ db, provider }).migrateToLatest();
  const failed = results?.find((r) => r.status === "Error");
  if (error) {
    throw new Error(`Migration "${failed?.migrationName ?? "?"}" failed: ${String(error)}`);
  }
}

/** The migrations already applied and those still to apply, by name. */
export async function migrationStatus(
  // deno-lint-ignore no-explicit-any
  db: Kysely<any>,
  extra: MigrationSet = {},
): Promise<{ applied: string[]; pending: string[] }> {
  const provider: MigrationProvider = {
    getMigrations: () => Promise.resolve({ ...coreMigrations, ...extra }),
  };
  const all = await new Migrator({ db, provider }).getMigrations();
  return {
    applied: all.filter((m) => m.executedAt !== undefined).map((m) => m.name),
    pending: all.filter((m) => m.executedAt === undefined).map((m) => m.name),
  };
}

/** The names of the core's own migrations (a backup made by newer code has more). */
export const CORE_MIGRATIONS: readonly string[] = Object.keys(coreMigrations);
