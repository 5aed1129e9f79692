/**
 * A row's id as it comes in (API input, a path of the URL). Ids are `integer` columns: 32 bits
 * on PostgreSQL, where a larger number in a query is an error (« value out of range for type
 * integer ») and not just « no such row » as on SQLite. So every id read from outside is a
 * whole number from 1 to `MAX_ID`; anything else names nothing. Pure: valibot only.
 */
import * as v from "valibot";

/** The largest id a row can have: PostgreSQL's `integer` (int4), 2^31 − 1. */
export const MAX_ID = 2_147_483_647;

/** Whether `n` may be a row's id: a whole number from 1 to `MAX_ID`. */
export function isRowId(n: number): boolean {
  return Number.isInteger(n) && n >= 1 && n <= MAX_ID;
}

/**
 * A row's id: a whole number from 1 to `MAX_ID`, refused with `message` (say what is unknown,
 * e.g. « Dossier inconnu. ») whatever is wrong with it.
 */
export function rowId(message: string) {
  return v.pipe(
    v.number(message),
    v.integer(message),
    v.minValue(1, message),
    v.maxValue(MAX_ID, message),
  );
}

/** The digits of a row's id in a URL (`/dossiers/:id`): `isRowId` still checks the range. */
export const ROW_ID_DIGITS = /^[1-9][0-9]{0,9}$/;
