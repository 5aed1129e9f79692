/**
 * The checks of `deno task bench scaling` (`scaling.ts`) after each run: what the database
 * holds against what the load generator's clients were told (`scaling_load.ts`).
 */
import { assertCountersMatchDossiers } from "../helpers/counters.ts";
import type { TestInstance } from "../helpers/instance.ts";
import type { LoadResult } from "./scaling_load.ts";

/** The values revision of each dossier. */
export async function revisions(t: TestInstance, ids: number[]): Promise<Map<number, number>> {
  const rows = await t.deps.db.selectFrom("dossiers").select(["id", "values_revision"])
    .where("id", "in", ids).execute();
  return new Map(rows.map((r) => [r.id, Number(r.values_revision)]));
}

/** The save run's checks: each brouillon holds what its client was last told was saved. */
export async function checkSaves(
  t: TestInstance,
  r: LoadResult,
  before: Map<number, number>,
): Promise<string[]> {
  const failures: string[] = [];
  const ids = r.saves.map((s) => s.brouillon);
  const after = await revisions(t, ids);
  const rows = await t.deps.db.selectFrom("dossiers").select(["id", "champ_values"])
    .where("id", "in", ids).execute();
  const stored = new Map(rows.map((row) => [row.id, JSON.parse(row.champ_values).c0]));
  for (const s of r.saves) {
    const value = stored.get(s.brouillon);
    if (value !== s.lastAcked && !s.unanswered.includes(value)) {
      failures.push(`brouillon ${s.brouillon} holds "${value}", acknowledged "${s.lastAcked}"`);
    }
    const added = after.get(s.brouillon)! - before.get(s.brouillon)!;
    if (added < s.acked || added > s.acked + s.unanswered.length) {
      failures.push(
        `brouillon ${s.brouillon}: revision +${added} for ${s.acked} acknowledged saves`,
      );
    }
  }
  return failures;
}

/** The deposit run's checks: deposited = acknowledged, and the counters equal a recount. */
export async function checkDeposits(t: TestInstance, r: LoadResult, firstId: number) {
  const failures: string[] = [];
  const rows = await t.deps.db.selectFrom("dossiers").select(["id", "state"])
    .where("id", ">", firstId).execute();
  const deposited = new Set(rows.filter((d) => d.state === "en_construction").map((d) => d.id));
  const acked = new Set(r.deposited);
  const unknown = new Set(r.unknown);
  for (const id of acked) {
    if (!deposited.has(id)) failures.push(`dossier ${id} acknowledged, not deposited`);
  }
  for (const id of deposited) {
    if (!acked.has(id) && !unknown.has(id)) failures.push(`dossier ${id} deposited, never told`);
  }
  const others = rows.filter((d) => d.state !== "en_construction" && d.state !== "brouillon");
  if (others.length) failures.push(`${others.length} new dossiers in another state`);
  try {
    await assertCountersMatchDossiers(t, "after the deposits");
  } catch (error) {
    failures.push(`counters: ${(error as Error).message.split("\n")[0]}`);
  }
  return failures;
}

/** Any answer but 200, and requests without answer. */
export function httpFailures(r: LoadResult): string[] {
  const failures: string[] = [];
  const bad = Object.entries(r.statuses).filter(([s]) => s !== "200");
  if (bad.length) {
    failures.push(
      `answers ${bad.map(([s, n]) => `${s}×${n}`).join(", ")} (first: ${r.firstError})`,
    );
  }
  if (r.networkErrors) failures.push(`${r.networkErrors} without answer (${r.firstError})`);
  return failures;
}
