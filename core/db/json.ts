/**
 * Reading a JSON column through a valibot schema: the codec says what the column holds, and a
 * value that does not fit fails loudly here instead of somewhere downstream.
 */
import * as v from "valibot";

/**
 * `json` parsed and checked by `schema`; throws an internal error naming `what` when the text
 * is not JSON or does not fit.
 *
 * @example
 * ```ts
 * const values = parseJsonColumn(v.record(v.string(), v.unknown()), row.champ_values, "champ_values");
 * ```
 */
export function parseJsonColumn<const S extends v.GenericSchema>(
  schema: S,
  json: string,
  what: string,
): v.InferOutput<S> {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new Error(`The stored ${what} is not JSON`);
  }
  const parsed = v.safeParse(schema, value);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    throw new Error(
      `The stored ${what} does not fit its schema at "${
        v.getDotPath(issue) ?? ""
      }": ${issue.message}`,
    );
  }
  return parsed.output;
}
