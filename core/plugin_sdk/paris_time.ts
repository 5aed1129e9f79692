/**
 * Paris time for exports: every date a file shows is Europe/Paris wall time, with its offset
 * where the format can carry one. The offset is asked of `Intl` (so it follows the time zone
 * database) a few times per month — at its first and last hour, and, when they differ, to
 * find the hour of the change — and cached by UTC hour: an export of a million dossiers
 * spread over years makes a few hundred `Intl` calls, not one per hour it meets.
 */

const HOUR = 3_600_000;
/** Past this many cached hours (about eleven years) the cache starts over. */
const MAX_CACHED = 100_000;
const offsets = new Map<number, number>();
let parts: Intl.DateTimeFormat | undefined;

/** Minutes Paris is ahead of UTC at UTC hour `hour` (hours since the epoch), asked of Intl. */
function intlOffset(hour: number): number {
  parts ??= new Intl.DateTimeFormat("en-US", {
    timeZone: "Europe/Paris",
    hourCycle: "h23",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
  });
  const p: Record<string, number> = {};
  for (const { type, value } of parts.formatToParts(hour * HOUR)) p[type] = Number(value);
  const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
  return Math.round((wall - hour * HOUR) / 60_000);
}

/**
 * By the UTC month's first hour: the offset at its start, at its end, and the first hour of
 * the end's offset (Paris changes at most once a month: a change is found by bisection).
 */
const months = new Map<number, { start: number; end: number; change: number }>();

/** The offset at UTC hour `hour`, from its month's summary. */
function monthOffset(hour: number): number {
  const day = new Date(hour * HOUR);
  const first = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), 1) / HOUR;
  let month = months.get(first);
  if (month === undefined) {
    const last = Date.UTC(day.getUTCFullYear(), day.getUTCMonth() + 1, 1) / HOUR - 1;
    const start = intlOffset(first);
    const end = intlOffset(last);
    let change = last + 1;
    if (start !== end) {
      // The first hour at the end's offset: between the month's first hour and its last.
      let [lo, hi] = [first, last];
      while (lo < hi) {
        const mid = Math.floor((lo + hi) / 2);
        if (intlOffset(mid) === end) hi = mid;
        else lo = mid + 1;
      }
      change = lo;
    }
    month = { start, end, change };
    if (months.size >= MAX_CACHED) months.clear();
    months.set(first, month);
  }
  return hour < month.change ? month.start : month.end;
}

/** Minutes Paris is ahead of UTC at `ms` (60 in winter, 120 in summer). */
export function parisOffsetMinutes(ms: number): number {
  const hour = Math.floor(ms / HOUR);
  const cached = offsets.get(hour);
  if (cached !== undefined) return cached;
  const offset = monthOffset(hour);
  if (offsets.size >= MAX_CACHED) offsets.clear();
  offsets.set(hour, offset);
  return offset;
}

const pad = (n: number) => String(n).padStart(2, "0");

/** « +01:00 », « +02:00 ». */
function offsetText(minutes: number): string {
  const sign = minutes < 0 ? "-" : "+";
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** By UTC hour (`2026-12-06T03`): its Paris wall hour, offset, and wall time at its start. */
const hours = new Map<string, Hour>();
/** An instant as the database stores it: `2026-12-06T03:13:00.000Z`. */
const CANONICAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const digits = (s: string, at: number) => (s.charCodeAt(at) - 48) * 10 + s.charCodeAt(at + 1) - 48;

/**
 * The Paris wall time of an instant (`2026-12-06T03:13:00.000Z`): `local` is
 * `2026-12-06T04:13:00`, `offset` is `+01:00`, `ms` the wall time counted as if it were UTC
 * (what a spreadsheet's serial date is made of). Null for a text that is no instant.
 * An instant as stored is read from its hour's cached entry: no date parsed nor formatted.
 */
export function parisTime(
  iso: string,
): { local: string; offset: string; ms: number } | null {
  const hour = hourOf(iso);
  if (hour === undefined) return parisTimeOf(iso);
  return hour && {
    local: hour.local + iso.slice(13, 19),
    offset: hour.offset,
    ms: hour.ms + (digits(iso, 14) * 60 + digits(iso, 17)) * 1000,
  };
}

type Hour = { local: string; offset: string; ms: number };
/**
 * The two hours read last: a row's dates often share one (deposited, updated, decided), a
 * champ's date the other; consecutive rows' dates are often in the same hours.
 */
let last: { key: string; hour: Hour } | undefined;
let before: { key: string; hour: Hour } | undefined;

/** Whether the characters after the hour of a 24-character instant are `:mm:ss.sssZ`. */
function canonicalTail(iso: string): boolean {
  return iso.charCodeAt(13) === 58 && iso.charCodeAt(16) === 58 && iso.charCodeAt(19) === 46 &&
    isDigit(iso, 14) && isDigit(iso, 15) && isDigit(iso, 17) && isDigit(iso, 18) &&
    isDigit(iso, 20) && isDigit(iso, 21) && isDigit(iso, 22);
}
const isDigit = (s: string, at: number) => (s.charCodeAt(at) - 48) >>> 0 < 10;

/** The cached hour of an instant as stored; undefined for any other form of instant. */
function hourOf(iso: string) {
  if (iso.length !== 24 || iso.charCodeAt(23) !== 90) return undefined;
  // A remembered key is the start of a canonical instant: the rest is checked by hand.
  if (last !== undefined && iso.startsWith(last.key) && canonicalTail(iso)) return last.hour;
  if (before !== undefined && iso.startsWith(before.key) && canonicalTail(iso)) {
    [last, before] = [before, last];
    return last.hour;
  }
  if (!CANONICAL.test(iso)) return undefined;
  const key = iso.slice(0, 13);
  let hour = hours.get(key);
  if (hour === undefined) {
    const t = parisTimeOf(`${key}:00:00.000Z`);
    if (!t) return null;
    hour = { local: t.local.slice(0, 13), offset: t.offset, ms: t.ms };
    if (hours.size >= MAX_CACHED) hours.clear();
    hours.set(key, hour);
  }
  before = last;
  last = { key, hour };
  return hour;
}

function parisTimeOf(iso: string): { local: string; offset: string; ms: number } | null {
  const instant = Date.parse(iso);
  if (Number.isNaN(instant)) return null;
  const minutes = parisOffsetMinutes(instant);
  // Seconds are kept, milliseconds dropped: no spreadsheet shows them.
  const ms = Math.floor((instant + minutes * 60_000) / 1000) * 1000;
  return { local: new Date(ms).toISOString().slice(0, 19), offset: offsetText(minutes), ms };
}

/**
 * The Paris wall time of an instant (`2026-12-06T03:13:00.000Z`) counted as if it were UTC,
 * in ms, seconds kept (what a spreadsheet's serial date is made of); null for a text that is
 * no instant. `parisTime(iso).ms` without building its texts.
 */
export function parisWallMs(iso: string): number | null {
  const hour = hourOf(iso);
  if (hour) return hour.ms + (digits(iso, 14) * 60 + digits(iso, 17)) * 1000;
  const t = hour === undefined ? parisTimeOf(iso) : null;
  return t && t.ms;
}

/** ISO 8601 in Paris time with its offset: `2026-12-06T04:13:00+01:00`. */
export function parisIso(iso: string): string | null {
  const hour = hourOf(iso);
  if (hour) return hour.local + iso.slice(13, 19) + hour.offset;
  const t = hour === undefined ? parisTimeOf(iso) : null;
  return t && t.local + t.offset;
}

/**
 * The instant of a Paris wall time (`2026-07-14T10:30`, as a `datetime` champ stores it),
 * as ISO UTC. In the hour skipped in spring it takes the summer offset; in the hour repeated
 * in autumn it is the first of the two. Null for a text that is no wall time.
 */
export function parisInstant(local: string): string | null {
  // Within a wall hour the offset is one (Paris changes it on the hour): cached by hour.
  if (local.length === 16 && WALL_MINUTE.test(local)) {
    const key = local.slice(0, 13);
    let utcHour = instantHours.get(key);
    if (utcHour === undefined) {
      const instant = parisInstantOf(`${key}:00`);
      if (instant === null) return null;
      utcHour = instant.slice(0, 13);
      if (instantHours.size >= MAX_CACHED) instantHours.clear();
      instantHours.set(key, utcHour);
    }
    return `${utcHour}${local.slice(13)}:00.000Z`;
  }
  return parisInstantOf(local);
}

/** By Paris wall hour (`2026-07-14T10`): the UTC hour its instants fall in. */
const instantHours = new Map<string, string>();
const WALL_MINUTE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;

function parisInstantOf(local: string): string | null {
  const wall = Date.parse(`${local.length === 16 ? `${local}:00` : local.slice(0, 19)}Z`);
  if (Number.isNaN(wall)) return null;
  const guess = wall - parisOffsetMinutes(wall - 2 * HOUR) * 60_000;
  const instant = wall - parisOffsetMinutes(guess) * 60_000;
  return new Date(instant).toISOString();
}
