/**
 * Conservation rules, pure: when a dossier expires, when its usager is told, when it may be
 * deleted and when « Conserver le dossier » is offered. Dates are ISO strings in UTC.
 * core/conservation/ applies them; the dossier's pages (usager and instructeur) show them.
 *
 * - brouillon: last change + min(retention, 3 months);
 * - en construction: last deposit + retention;
 * - en instruction: never;
 * - accepté, refusé, classé sans suite: decision + retention;
 * - « Conserver » keeps it at least until then + retention.
 *
 * The notice goes 14 days before the expiry; a dossier is deleted only once a notice of its
 * current expiry has been out for 14 days, so a server that was down on the day never
 * deletes without warning. A brouillon put in the bin goes 30 days after.
 */
export const NOTICE_DAYS = 14;
export const CORBEILLE_DAYS = 30;
/** Within this many months before its expiry, a dossier may be kept without a notice. */
export const CONSERVE_WINDOW_MONTHS = 1;
/** A brouillon is never kept longer than this, whatever the démarche's retention. */
export const BROUILLON_MAX_MONTHS = 3;
export const DECIDED_STATES = ["accepte", "refuse", "sans_suite"] as const;

export type DeletionReason = "expire" | "corbeille";

const DAY_MS = 24 * 60 * 60_000;

/** `iso` plus `months` calendar months, the day clamped to the month's end (31 Jan + 1 → 28 Feb). */
export function addMonths(iso: string, months: number): string {
  const d = new Date(iso);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d.toISOString();
}

export const addDays = (iso: string, days: number) =>
  new Date(new Date(iso).getTime() + days * DAY_MS).toISOString();

const later = (a: string, b: string) => (a > b ? a : b);

/** What the rules read of a dossier. */
export interface ConservedDossier {
  readonly state: string;
  readonly updated_at: string;
  readonly deposited_at: string | null;
  readonly decided_at: string | null;
  readonly conservation_until: string | null;
  readonly expiry_notice_at: string | null;
  readonly deleted_by_usager_at: string | null;
}

/** The months a dossier in `state` is kept from its reference date; null: kept for ever. */
export function monthsFor(state: string, retentionMonths: number): number | null {
  if (state === "brouillon") return Math.min(retentionMonths, BROUILLON_MAX_MONTHS);
  if (state === "en_construction") return retentionMonths;
  if ((DECIDED_STATES as readonly string[]).includes(state)) return retentionMonths;
  return null;
}

/** The date the rule counts from: last change, last deposit or decision. */
export function referenceOf(d: ConservedDossier): string {
  if (d.state === "brouillon") return d.updated_at;
  if (d.state === "en_construction") return d.deposited_at ?? d.updated_at;
  return d.decided_at ?? d.updated_at;
}

/** The dossier's expiry date; null when it does not expire (en instruction). */
export function expiryOf(d: ConservedDossier, retentionMonths: number): string | null {
  const months = monthsFor(d.state, retentionMonths);
  if (months === null) return null;
  const base = addMonths(referenceOf(d), months);
  return d.conservation_until ? later(base, d.conservation_until) : base;
}

/** Whether the last notice told of this expiry (sent at most 14 days before it). */
export function noticeCurrent(noticeAt: string | null, expiry: string | null): boolean {
  return expiry !== null && noticeAt !== null && noticeAt >= addDays(expiry, -NOTICE_DAYS);
}

/** Whether the usager must now be told of the coming deletion. */
export function dueForNotice(now: string, expiry: string | null, noticeAt: string | null) {
  return expiry !== null && now >= addDays(expiry, -NOTICE_DAYS) &&
    !noticeCurrent(noticeAt, expiry);
}

/**
 * When the dossier will be deleted: its expiry, but never sooner than 14 days after the
 * notice (sent now when it has not been yet). Null when it does not expire.
 */
export function deletionDate(now: string, expiry: string | null, noticeAt: string | null) {
  if (expiry === null) return null;
  const told = noticeCurrent(noticeAt, expiry)
    ? noticeAt!
    : later(now, addDays(expiry, -NOTICE_DAYS));
  return later(expiry, addDays(told, NOTICE_DAYS));
}

/** Whether the dossier is to be deleted now: expired, and told of it 14 days ago at least. */
export function dueForDeletion(now: string, expiry: string | null, noticeAt: string | null) {
  return expiry !== null && noticeCurrent(noticeAt, expiry) &&
    now >= later(expiry, addDays(noticeAt!, NOTICE_DAYS));
}

/** When a brouillon put in the bin goes for good. */
export const corbeilleEnd = (deletedAt: string) => addDays(deletedAt, CORBEILLE_DAYS);

/** Whether « Conserver le dossier » is offered: once told, or in the last month anyway. */
export function mayConserve(now: string, expiry: string | null, noticeAt: string | null) {
  return expiry !== null &&
    (noticeCurrent(noticeAt, expiry) || now >= addMonths(expiry, -CONSERVE_WINDOW_MONTHS));
}

/** What a dossier's page shows of its conservation. */
export interface ConservationView {
  /** When the dossier will be deleted; null: not planned (en instruction). */
  readonly deletionAt: string | null;
  /** Why: its conservation ends, or it is a brouillon in the bin. */
  readonly reason: DeletionReason | null;
  /** When the usager was told (null: not yet, or of an earlier date). */
  readonly noticeSentAt: string | null;
  readonly canConserve: boolean;
}

export function conservationView(
  now: string,
  d: ConservedDossier,
  retentionMonths: number,
): ConservationView {
  if (d.state === "brouillon" && d.deleted_by_usager_at !== null) {
    return {
      deletionAt: corbeilleEnd(d.deleted_by_usager_at),
      reason: "corbeille",
      noticeSentAt: null,
      canConserve: false,
    };
  }
  const expiry = expiryOf(d, retentionMonths);
  return {
    deletionAt: deletionDate(now, expiry, d.expiry_notice_at),
    reason: expiry === null ? null : "expire",
    noticeSentAt: noticeCurrent(d.expiry_notice_at, expiry) ? d.expiry_notice_at : null,
    canConserve: mayConserve(now, expiry, d.expiry_notice_at),
  };
}
