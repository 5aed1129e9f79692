import { type Kysely, sql } from "kysely";

/**
 * Counters of deposited dossiers by state, per groupe, beside the dashboard's tabs in
 * `groupe_tab_counts` (`etat_en_construction`, … `etat_sans_suite`; archived dossiers are
 * counted by the « archives » tab): `/metrics` reads them instead of counting a million rows.
 * From now on `tracked()` keeps them (core/dossiers/counters.ts); here they are counted once.
 */
// deno-lint-ignore no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`insert into groupe_tab_counts (groupe_id, tab, n)
    select groupe_id, 'etat_' || state, count(*) from dossiers
    where groupe_id is not null and archived = 0
      and state in ('en_construction', 'en_instruction', 'accepte', 'refuse', 'sans_suite')
    group by groupe_id, state`.execute(db);
}

// deno-lint-ignore no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`delete from groupe_tab_counts where tab like 'etat_%'`.execute(db);
}
