/**
 * Moves an instance from SQLite to PostgreSQL (`deno task migrate-to-postgres`,
 * `core/operations/to_postgres.ts`): every table of `guichet.sqlite`, plugins' included, into
 * an empty PostgreSQL database brought to the same migrations first.
 *
 * One SQLite read transaction (one snapshot) and one PostgreSQL transaction: a copy that fails
 * half-way leaves the target as empty as it found it, and can be run again. Tables are written
 * parents first (the target's foreign keys), each in batches of `insert … select * from
 * unnest($1, $2, …)` — one array per column, four times the rows per second of a multi-row
 * VALUES. Before commit, each table's row count is compared with SQLite's, and each identity
 * sequence is set past the highest id SQLite ever gave (`sqlite_sequence`: an AUTOINCREMENT id
 * is never given twice, even once its row is deleted — `deleted_dossiers` keeps such ids).
 *
 * The search index is not copied as FTS5 stores it: each dossier's text is read and indexed
 * again by PostgreSQL's search (`searchRowsOf`, core/db/search.ts).
 */
import { DatabaseSync, type SQLInputValue } from "node:sqlite";
import { type Kysely, sql } from "kysely";
import { dialectOf } from "./dialect.ts";
import { migrateToLatest, type MigrationSet } from "./migrator.ts";
import { POSTGRES_SEARCH_TABLES, SEARCH_TABLE, searchRowsOf } from "./search.ts";

const MIGRATION_TABLES = new Set(["kysely_migration", "kysely_migration_lock"]);
/** Rows per insert: one array per column, so the statement's size does not grow with it. */
const BATCH = 5000;

/** What a copy did, table by table. */
export interface CopyReport {
  /** Rows copied per table, in the order they were written. */
  readonly tables: readonly { readonly name: string; readonly rows: number }[];
  /** Each identity column's sequence: the value the next insert starts after. */
  readonly sequences: readonly { readonly table: string; readonly last: number }[];
}

// deno-lint-ignore no-explicit-any
type AnyDb = Kysely<any>;

interface TargetColumn {
  readonly name: string;
  /** Its type as PostgreSQL writes it (`integer`, `text`…), for the array of a batch. */
  readonly type: string;
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Opens the SQLite file at `path`, which must exist (opening would create an empty one). */
function openSource(path: string): DatabaseSync {
  try {
    Deno.statSync(path);
  } catch {
    throw new Error(
      `Aucune base Guichet SQLite à copier : ${path} n’existe pas. Vérifiez DATA_DIR (le dossier de l’instance SQLite).`,
    );
  }
  const db = new DatabaseSync(path);
  db.exec("PRAGMA busy_timeout = 5000");
  return db;
}

/** The tables of the target's schema, but Kysely's own, with their columns. */
async function targetTables(db: AnyDb): Promise<Map<string, TargetColumn[]>> {
  const { rows } = await sql<{ table: string; name: string; type: string }>`
    select c.relname as table, a.attname as name, format_type(a.atttypid, a.atttypmod) as type
    from pg_class c join pg_attribute a on a.attrelid = c.oid
    where c.relnamespace = current_schema()::regnamespace and c.relkind in ('r', 'p')
      and a.attnum > 0 and not a.attisdropped
    order by c.relname, a.attnum`.execute(db);
  const tables = new Map<string, TargetColumn[]>();
  for (const r of rows) {
    if (MIGRATION_TABLES.has(r.table)) continue;
    const columns = tables.get(r.table) ?? [];
    columns.push({ name: r.name, type: r.type });
    tables.set(r.table, columns);
  }
  return tables;
}

/** The first table of the target holding a row, or null: the copy writes into an empty base. */
async function firstFilledTable(db: AnyDb): Promise<string | null> {
  for (const table of (await targetTables(db)).keys()) {
    const { rows } = await sql`select 1 from ${sql.id(table)} limit 1`.execute(db);
    if (rows.length > 0) return table;
  }
  return null;
}

/** The target's tables ordered parents first, by its foreign keys. */
async function dependencyOrder(db: AnyDb, tables: readonly string[]): Promise<string[]> {
  const { rows } = await sql<{ child: string; parent: string }>`
    select child.relname as child, parent.relname as parent
    from pg_constraint k
    join pg_class child on child.oid = k.conrelid
    join pg_class parent on parent.oid = k.confrelid
    where k.contype = 'f' and k.connamespace = current_schema()::regnamespace`.execute(db);
  const parents = new Map(tables.map((t) => [t, new Set<string>()]));
  for (const r of rows) if (r.child !== r.parent) parents.get(r.child)?.add(r.parent);
  const ordered: string[] = [];
  const placed = new Set<string>();
  while (ordered.length < tables.length) {
    const ready = [...parents].filter(([t, ps]) =>
      !placed.has(t) && [...ps].every((p) => placed.has(p) || !parents.has(p))
    ).map(([t]) => t).sort();
    if (ready.length === 0) {
      throw new Error(
        `Les tables ${
          tables.filter((t) => !placed.has(t)).join(", ")
        } se référencent en cycle : copie impossible dans l’ordre des clés étrangères.`,
      );
    }
    for (const t of ready) {
      ordered.push(t);
      placed.add(t);
    }
  }
  return ordered;
}

/** The source's tables as SQLite lists them: plain ones, and FTS5's (virtual) by name. */
function sourceTables(db: DatabaseSync): { plain: Set<string>; virtual: Set<string> } {
  const rows = db.prepare("select name, type from pragma_table_list where schema = 'main'")
    .all() as { name: string; type: string }[];
  const plain = new Set<string>();
  const virtual = new Set<string>();
  for (const r of rows) {
    if (r.name.startsWith("sqlite_") || MIGRATION_TABLES.has(r.name)) continue;
    if (r.type === "table") plain.add(r.name);
    else if (r.type === "virtual") virtual.add(r.name);
  }
  return { plain, virtual };
}

/** Refuses a copy between different versions: both sides must have run the same migrations. */
async function checkMigrations(
  source: DatabaseSync,
  target: AnyDb,
  expected: readonly string[],
): Promise<void> {
  const applied = (source.prepare("select name from kysely_migration").all() as { name: string }[])
    .map((r) => r.name);
  const pending = expected.filter((m) => !applied.includes(m));
  if (pending.length > 0) {
    throw new Error(
      `La base SQLite n’est pas à jour (migrations en attente : ${
        pending.join(", ")
      }). Démarrez une fois Guichet sur SQLite avec cette version (deno task start), arrêtez-le, puis relancez la migration.`,
    );
  }
  const unknown = applied.filter((m) => !expected.includes(m));
  if (unknown.length > 0) {
    throw new Error(
      `La base SQLite a des migrations que cette installation ne connaît pas (${
        unknown.join(", ")
      }) : lancez la migration avec la même version de Guichet et les mêmes extensions (GUICHET_PLUGINS) que l’instance SQLite.`,
    );
  }
  const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(target);
  const extra = rows.map((r) => r.name).filter((m) => !expected.includes(m));
  if (extra.length > 0) {
    throw new Error(
      `La base PostgreSQL cible a des migrations que cette installation ne connaît pas (${
        extra.join(", ")
      }) : elle vient d’une autre version de Guichet. Créez une base neuve.`,
    );
  }
}

/**
 * Copies the SQLite database at `sourcePath` into the PostgreSQL database `target`, which must
 * hold no row (its schema is brought to `migrations` first, core's and `pluginMigrations`).
 * Throws, in French, before writing anything when the target is not empty or the two sides
 * are not at the same migrations; a failure during the copy rolls it all back.
 */
export async function copySqliteToPostgres(opts: {
  sourcePath: string;
  target: AnyDb;
  pluginMigrations?: MigrationSet;
  /** Names of every migration this installation has (core and plugins), in order. */
  migrationNames: readonly string[];
  log?: (message: string) => void;
}): Promise<CopyReport> {
  const { target } = opts;
  const log = opts.log ?? (() => {});
  if (dialectOf(target) !== "postgres") {
    throw new Error("DATABASE_URL doit désigner la base PostgreSQL cible (postgres://…).");
  }
  const source = openSource(opts.sourcePath);
  try {
    const filled = await firstFilledTable(target);
    if (filled) {
      throw new Error(
        `La base PostgreSQL cible n’est pas vide (la table « ${filled} » a déjà des lignes) : la migration n’écrit que dans une base vide, pour ne rien écraser. Créez une base neuve (createdb -O guichet guichet_neuve), mettez-la dans DATABASE_URL et relancez.`,
      );
    }
    log("Schéma PostgreSQL : migrations…");
    await migrateToLatest(target, opts.pluginMigrations ?? {});
    await checkMigrations(source, target, opts.migrationNames);
    const columnsOf = await targetTables(target);
    const { plain, virtual } = sourceTables(source);
    const missing = [...plain, ...virtual].filter((t) => !columnsOf.has(t));
    // PostgreSQL's own search tables are filled by its trigger, from the copied index.
    const copied = [...columnsOf.keys()].filter((t) => !POSTGRES_SEARCH_TABLES.includes(t));
    const absent = copied.filter((t) => !plain.has(t) && !virtual.has(t));
    if (missing.length > 0 || absent.length > 0) {
      throw new Error(
        `Les deux bases n’ont pas les mêmes tables (${
          [
            missing.length ? `absentes de PostgreSQL : ${missing.join(", ")}` : "",
            absent.length ? `absentes de SQLite : ${absent.join(", ")}` : "",
          ].filter(Boolean).join(" ; ")
        }) : lancez la migration avec les mêmes extensions (GUICHET_PLUGINS) que l’instance SQLite.`,
      );
    }
    const order = await dependencyOrder(target, copied);
    const sequence = new Map(
      (source.prepare("select name, seq from sqlite_sequence").all() as {
        name: string;
        seq: number;
      }[]).map((r) => [r.name, r.seq]),
    );
    // One snapshot of SQLite for the whole copy (an instance still running would go on
    // writing after it: stop it first).
    source.exec("begin");
    try {
      return await target.transaction().execute(async (trx) => {
        const tables: { name: string; rows: number }[] = [];
        for (const table of order) {
          const started = performance.now();
          const rows = virtual.has(table)
            ? await copySearch(source, trx, table)
            : await copyTable(source, trx, table, columnsOf.get(table)!);
          const { rows: counted } = await sql<{ n: number }>`select count(*) as n
            from ${sql.id(table)}`.execute(trx);
          if (Number(counted[0].n) !== rows) {
            throw new Error(
              `Table « ${table} » : ${rows} ligne(s) lue(s) dans SQLite mais ${
                counted[0].n
              } dans PostgreSQL. Rien n’a été écrit ; signalez-le avec ce message.`,
            );
          }
          tables.push({ name: table, rows });
          if (rows > 0) {
            log(`  ${table} : ${rows} ligne(s) en ${Math.round(performance.now() - started)} ms`);
          }
        }
        const sequences = await resetSequences(trx, sequence);
        return { tables, sequences };
      });
    } finally {
      source.exec("rollback");
    }
  } finally {
    source.close();
  }
}

/** Copies one plain table; returns its row count in SQLite. */
async function copyTable(
  source: DatabaseSync,
  trx: AnyDb,
  table: string,
  columns: readonly TargetColumn[],
): Promise<number> {
  const have = new Set(
    (source.prepare(`select name from pragma_table_info(?)`).all(table) as { name: string }[])
      .map((c) => c.name),
  );
  const lacking = columns.filter((c) => !have.has(c.name)).map((c) => c.name);
  if (lacking.length > 0 || have.size !== columns.length) {
    throw new Error(
      `Table « ${table} » : colonnes différentes entre SQLite (${
        [...have].join(", ")
      }) et PostgreSQL (${
        columns.map((c) => c.name).join(", ")
      }). Les deux bases doivent venir de la même version de Guichet.`,
    );
  }
  const { count } = source.prepare(`select count(*) as count from ${quote(table)}`).get() as {
    count: number;
  };
  if (count === 0) return 0;
  const select = source.prepare(
    `select ${columns.map((c) => quote(c.name)).join(", ")} from ${quote(table)}`,
  );
  // In node:sqlite since Node 24 and in Deno 2.9, not yet in @types/node.
  (select as { setReturnArrays?: (on: boolean) => void }).setReturnArrays!(true);
  const arrays = () => columns.map(() => [] as SQLInputValue[]);
  let batch = arrays();
  let filled = 0;
  let copied = 0;
  const flush = async () => {
    const params = batch.map((values, i) =>
      sql`cast(${values} as ${sql.raw(`${columns[i].type}[]`)})`
    );
    await sql`insert into ${sql.id(table)} (${
      sql.join(columns.map((c) => sql.id(c.name)))
    }) select * from unnest(${sql.join(params)})`.execute(trx);
    copied += filled;
    batch = arrays();
    filled = 0;
  };
  for (const row of select.iterate() as Iterable<SQLInputValue[]>) {
    for (let i = 0; i < row.length; i++) batch[i].push(row[i]);
    if (++filled === BATCH) await flush();
  }
  if (filled > 0) await flush();
  return copied;
}

/** Indexes again, on PostgreSQL, each dossier's text of FTS5's table; returns the row count. */
async function copySearch(source: DatabaseSync, trx: AnyDb, table: string): Promise<number> {
  if (table !== SEARCH_TABLE) {
    throw new Error(
      `Table virtuelle SQLite inconnue « ${table} » : la migration ne sait pas la copier.`,
    );
  }
  const select = source.prepare(`select rowid, content from ${quote(table)}`);
  let batch: { rowid: number; content: string }[] = [];
  let copied = 0;
  for (const row of select.iterate() as Iterable<{ rowid: number; content: string }>) {
    batch.push(row);
    if (batch.length === BATCH) {
      await searchRowsOf(trx, batch);
      copied += batch.length;
      batch = [];
    }
  }
  if (batch.length > 0) await searchRowsOf(trx, batch);
  return copied + batch.length;
}

/**
 * Sets each identity sequence of the target past the highest id of its table, and past the
 * highest SQLite ever gave (`sqlite_sequence`), so that no id is given twice.
 */
async function resetSequences(
  trx: AnyDb,
  sqliteSequence: ReadonlyMap<string, number>,
): Promise<{ table: string; last: number }[]> {
  const { rows } = await sql<{ table: string; column: string }>`
    select table_name as table, column_name as column from information_schema.columns
    where table_schema = current_schema() and is_identity = 'YES'
    order by table_name`.execute(trx);
  const sequences: { table: string; last: number }[] = [];
  for (const { table, column } of rows) {
    const { rows: max } = await sql<{ n: number | null }>`select max(${sql.id(column)}) as n
      from ${sql.id(table)}`.execute(trx);
    const last = Math.max(Number(max[0].n ?? 0), sqliteSequence.get(table) ?? 0);
    const name = sql`pg_get_serial_sequence(${quote(table)}, ${column})`;
    if (last > 0) await sql`select setval(${name}, ${last}, true)`.execute(trx);
    else await sql`select setval(${name}, 1, false)`.execute(trx);
    sequences.push({ table, last });
  }
  return sequences;
}
