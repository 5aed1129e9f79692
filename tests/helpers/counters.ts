/** Checking the dashboard's tab counters against a plain COUNT of the dossiers. */
import * as assert from "uvu/assert";
import { sql } from "kysely";
import type { TestInstance } from "./instance.ts";

/** The stored counters of every groupe and follower equal a COUNT of the dossiers. */
export async function assertCountersMatchDossiers(t: TestInstance, step: string) {
  const db = t.deps.db;
  const { rows: brute } = await sql<{ groupe_id: number; tab: string; n: number }>`
    select groupe_id, tab, count(*) as n from (
      select d.groupe_id, case
        when d.archived = 1 then 'archives'
        when d.state in ('accepte', 'refuse', 'sans_suite') then 'traites'
        when exists (select 1 from dossier_follows f where f.dossier_id = d.id) then null
        else 'a_suivre' end as tab
      from dossiers d where d.groupe_id is not null and d.state != 'brouillon'
      union all
      select d.groupe_id, 'tous' from dossiers d
      where d.groupe_id is not null and d.state != 'brouillon' and d.archived = 0
      union all
      select d.groupe_id, 'etat_' || d.state from dossiers d
      where d.groupe_id is not null and d.state != 'brouillon' and d.archived = 0
    ) as places where tab is not null group by groupe_id, tab`.execute(db);
  const stored = await db.selectFrom("groupe_tab_counts").select(["groupe_id", "tab", "n"])
    .where("n", "!=", 0).execute();
  const key = (r: { groupe_id: number; tab: string; n: number }) =>
    `${r.groupe_id}:${r.tab}=${Number(r.n)}`;
  assert.equal(stored.map(key).sort(), brute.map(key).sort(), `${step}: tabs and states`);
  const { rows: bruteFollows } = await sql<{ groupe_id: number; user_id: number; n: number }>`
    select d.groupe_id, f.user_id, count(*) as n from dossiers d
    join dossier_follows f on f.dossier_id = d.id
    where d.groupe_id is not null and d.archived = 0
      and d.state in ('en_construction', 'en_instruction')
    group by d.groupe_id, f.user_id`.execute(db);
  const storedFollows = await db.selectFrom("groupe_follow_counts")
    .select(["groupe_id", "user_id", "n"]).where("n", "!=", 0).execute();
  const fkey = (r: { groupe_id: number; user_id: number; n: number }) =>
    `${r.groupe_id}:${r.user_id}=${Number(r.n)}`;
  assert.equal(storedFollows.map(fkey).sort(), bruteFollows.map(fkey).sort(), `${step}: suivis`);
}
