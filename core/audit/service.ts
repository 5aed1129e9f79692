/**
 * The audit log's use cases: recording an event in the chain (in the caller's transaction, or
 * in a write transaction of its own), the super-admin's reading, export and verification.
 *
 * Appends are serialised: an event is recorded in a transaction that holds the database's
 * write lock (SQLite has one writer; `writeTransaction` takes the lock before reading), so the
 * last hash read is still the last when the row is inserted. A unique index on `prev_hash`
 * backs it up: two rows can never follow the same one.
 */
import type { Db, Executor } from "../db/mod.ts";
import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";
import { type Actor, authorize } from "../policy/mod.ts";
import { currentClientIp } from "./context.ts";
import {
  AUDIT_ACTIONS,
  type AuditEventInput,
  type AuditFilter,
  type AuditRow,
  canonicalJson,
  CSV_HEADER,
  csvLine,
  GENESIS_HASH,
  hashOf,
  nextDay,
  parisDayStart,
  rowProblem,
} from "./model.ts";
import * as store from "./store.ts";

type Clocked = Pick<Deps, "clock">;

/**
 * Appends `event` to the chain inside `trx`, the transaction of the change it reports, which
 * must already hold the write lock or take it now (any write transaction on SQLite).
 *
 * @example
 * ```ts
 * await recordEvent(deps, trx, { action: "jeton.cree", actor, target: { type: "jeton", id } });
 * ```
 */
export async function recordEvent(
  deps: Clocked,
  trx: Executor,
  event: AuditEventInput,
): Promise<void> {
  await store.lockChain(trx);
  const last = await store.lastEvent(trx);
  const row: Omit<AuditRow, "hash"> = {
    id: (last?.id ?? 0) + 1,
    at: deps.clock().toISOString(),
    actor_user_id: event.actor?.userId ?? null,
    actor_email: event.actor?.email ?? null,
    actor_ip: (event.ip === undefined ? currentClientIp() : event.ip)?.slice(0, 64) ?? null,
    action: event.action,
    target_type: event.target?.type ?? null,
    target_id: event.target === undefined ? null : String(event.target.id),
    demarche_id: event.demarcheId ?? null,
    details: canonicalJson(event.details ?? {}),
    prev_hash: last?.hash ?? GENESIS_HASH,
  };
  await store.insertEvent(trx, { ...row, hash: hashOf(row) });
}

/**
 * Appends `event` in a write transaction of its own: for what changes nothing in the database
 * (a failed sign-in, a download).
 */
export async function recordEventAlone(
  deps: Pick<Deps, "db" | "clock">,
  event: AuditEventInput,
): Promise<void> {
  await store.appendTransaction(deps.db, (trx) => recordEvent(deps, trx, event));
}

const AGENT_ROLES = new Set(["instructeur", "expert", "administrateur", "super_admin"]);

/**
 * Records a file download that concerns the audit: an export (by whoever downloads it), or a
 * dossier's file taken by an agent — someone other than its uploader and the dossier's usager.
 */
export async function recordDownload(
  deps: Pick<Deps, "db" | "clock">,
  actor: Actor | null,
  file: {
    id: string;
    filename: string;
    uploader_id: number | null;
    attached_kind: string | null;
    attached_id: number | null;
  },
): Promise<void> {
  if (!actor || file.attached_id === null) return;
  if (file.attached_kind === "export") {
    await recordEventAlone(deps, {
      action: "export.telecharge",
      actor,
      target: { type: "export", id: file.attached_id },
      demarcheId: await store.demarcheOfExport(deps.db, file.attached_id) ?? null,
      details: { fichier: file.filename },
    });
    return;
  }
  if (file.attached_kind !== "dossier" || file.uploader_id === actor.userId) return;
  if (!actor.roles.some((role) => AGENT_ROLES.has(role))) return;
  const dossier = await store.demarcheOfDossier(deps.db, file.attached_id);
  if (!dossier || dossier.owner_id === actor.userId) return;
  await recordEventAlone(deps, {
    action: "fichier.telecharge",
    actor,
    target: { type: "fichier", id: file.id },
    demarcheId: dossier.demarche_id,
    details: { dossier: file.attached_id, fichier: file.filename },
  });
}

/** Records an agent's download of a whole dossier (its PDF, or its ZIP with its files). */
export async function recordDossierDownload(
  deps: Pick<Deps, "db" | "clock">,
  actor: Actor,
  dossier: { id: number; demarche_id: number },
  format: "pdf" | "zip",
): Promise<void> {
  await recordEventAlone(deps, {
    action: "dossier.telecharge",
    actor,
    target: { type: "dossier", id: dossier.id },
    demarcheId: dossier.demarche_id,
    details: { format },
  });
}

/** The filters as bounds of `at`: Paris days, the last one included. */
function bounds(filter: AuditFilter) {
  return {
    ...filter,
    from: filter.du ? parisDayStart(filter.du) : undefined,
    to: filter.au ? parisDayStart(nextDay(filter.au)) : undefined,
  };
}

/** An event as the page shows it. */
function shown(row: AuditRow) {
  return {
    id: row.id,
    at: row.at,
    action: row.action,
    libelle: (AUDIT_ACTIONS as Record<string, string>)[row.action] ?? row.action,
    personne: row.actor_email,
    personneId: row.actor_user_id,
    ip: row.actor_ip,
    cible: row.target_type === null ? null : { type: row.target_type, id: row.target_id },
    demarcheId: row.demarche_id,
    details: row.details === "{}" ? null : row.details,
  };
}

/**
 * « Journal d'audit »: a page of events, newest first, filtered; `suivant` is the `avant` of
 * the next page (null at the end).
 */
export async function listAuditEvents(
  deps: Deps,
  actor: Actor | null,
  input: AuditFilter & { avant?: number; limite: number },
) {
  authorize(actor, "journal_audit.consulter");
  checkRange(input);
  const rows = await store.listEvents(deps.db, bounds(input), {
    before: input.avant,
    limit: input.limite + 1,
  });
  const page = rows.slice(0, input.limite);
  return {
    evenements: page.map(shown),
    suivant: rows.length > input.limite ? page[page.length - 1].id : null,
    actions: Object.entries(AUDIT_ACTIONS).map(([id, libelle]) => ({ id, libelle })),
  };
}

function checkRange(filter: AuditFilter) {
  if (filter.du && filter.au && filter.du > filter.au) {
    throw new AppError(
      "BAD_REQUEST",
      "La date de début est après la date de fin : corrigez l’une des deux.",
      { au: "La date de fin doit être le même jour ou après la date de début." },
    );
  }
}

/** What a walk of the whole chain found. */
export interface ChainVerdict {
  readonly intact: boolean;
  readonly checked: number;
  readonly head: { id: number; hash: string } | null;
  readonly firstBadId: number | null;
  readonly problem: string | null;
}

/** Rows read per query while walking the chain. */
const WALK_CHUNK = 1_000;

/**
 * Walks the chain from its first event: each row must follow the one before (its `prev_hash`)
 * and hash to its `hash`; the last row a former check found intact must still be there with
 * its hash (else the end of the log was cut off).
 */
export async function verifyChain(db: Executor): Promise<ChainVerdict> {
  const anchor = await store.lastIntactCheck(db);
  let previous: { id: number; hash: string } | null = null;
  let checked = 0;
  let anchorSeen = false;
  for (;;) {
    const rows = await store.eventsAfter(db, previous?.id ?? 0, WALK_CHUNK);
    if (rows.length === 0) break;
    for (const row of rows) {
      const problem = rowProblem(row, previous);
      if (problem) return { intact: false, checked, head: previous, firstBadId: row.id, problem };
      if (anchor?.head_id === row.id) {
        if (anchor.head_hash !== row.hash) {
          return {
            intact: false,
            checked,
            head: previous,
            firstBadId: row.id,
            problem:
              `l’événement n°${row.id} n’a plus l’empreinte vérifiée le ${anchor.at} : le journal a été réécrit depuis lui ou avant lui`,
          };
        }
        anchorSeen = true;
      }
      previous = { id: row.id, hash: row.hash };
      checked++;
    }
  }
  if (anchor?.head_id && !anchorSeen) {
    const firstBadId = (previous?.id ?? 0) + 1;
    return {
      intact: false,
      checked,
      head: previous,
      firstBadId,
      problem:
        `les derniers événements, du n°${firstBadId} au n°${anchor.head_id} au moins, ont été supprimés (ils étaient là à la vérification du ${anchor.at})`,
    };
  }
  return { intact: true, checked, head: previous, firstBadId: null, problem: null };
}

/** Verifies the chain and records what was found; returns the verdict. */
export async function checkAndRecord(deps: Pick<Deps, "db" | "clock">): Promise<ChainVerdict> {
  const verdict = await verifyChain(deps.db);
  await store.insertCheck(deps.db, {
    at: deps.clock().toISOString(),
    intact: verdict.intact,
    checked: verdict.checked,
    headId: verdict.intact ? verdict.head?.id ?? null : null,
    headHash: verdict.intact ? verdict.head?.hash ?? null : null,
    firstBadId: verdict.firstBadId,
    problem: verdict.problem,
  });
  return verdict;
}

/** The last verification, as the page shows it (null: never verified yet). */
async function lastVerification(db: Db) {
  const check = await store.lastCheck(db);
  return check
    ? {
      at: check.at,
      intact: check.intact === 1,
      verifies: check.checked,
      premierEvenementEnCause: check.first_bad_id,
      probleme: check.problem,
    }
    : null;
}

/** Whether the chain was intact at its last verification (the page's banner). */
export async function auditChainStatus(deps: Deps, actor: Actor | null) {
  authorize(actor, "journal_audit.consulter");
  return await lastVerification(deps.db);
}

/** « Vérifier maintenant »: walks the chain now, records and returns what it found. */
export async function verifyAuditChainNow(deps: Deps, actor: Actor | null) {
  authorize(actor, "journal_audit.consulter");
  await checkAndRecord(deps);
  return (await lastVerification(deps.db))!;
}

/**
 * The filtered events as CSV, newest first like the page, streamed in chunks (the whole log never sits in
 * memory); the export itself is recorded.
 */
export async function exportAuditCsv(
  deps: Deps,
  actor: Actor | null,
  filter: AuditFilter,
): Promise<{ filename: string; body: ReadableStream<Uint8Array> }> {
  const me = authorize(actor, "journal_audit.consulter");
  checkRange(filter);
  await recordEventAlone(deps, {
    action: "journal.exporte",
    actor: me,
    details: { filtres: { ...filter } },
  });
  const range = bounds(filter);
  const encoder = new TextEncoder();
  let before: number | undefined;
  let started = false;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode("\uFEFF" + CSV_HEADER + "\r\n"));
        return;
      }
      // Newest first by keyset, the same order as the page.
      const rows = await store.listEvents(deps.db, range, { before, limit: WALK_CHUNK });
      if (rows.length === 0) {
        controller.close();
        return;
      }
      before = rows[rows.length - 1].id;
      controller.enqueue(encoder.encode(rows.map(csvLine).join("")));
    },
  });
  const day = deps.clock().toISOString().slice(0, 10);
  return { filename: `journal-audit-${day}.csv`, body };
}
