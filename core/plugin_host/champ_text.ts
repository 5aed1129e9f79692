/**
 * A champ's value as text, by its type's plugin: what the dashboard shows, the e-mails' tags
 * say and the exports write. The options are read once per champ, not once per value.
 */
import * as v from "valibot";
import type { Registry } from "./host.ts";
import type { ChampType } from "../plugin_sdk/types.ts";

/**
 * The text of `descriptor`'s values: "" for an empty value, an unknown type or a type that
 * cannot render it (a value from an older revision), never a throw.
 */
export function champText(
  types: Registry<ChampType>,
  descriptor: { readonly type: string; readonly options?: unknown },
): (value: unknown) => string {
  const type = types.get(descriptor.type);
  if (!type) return () => "";
  const parsed = v.safeParse(type.options, descriptor.options);
  const options = (parsed.success ? parsed.output : {}) as never;
  return (value) => {
    if (value === undefined || value === null) return "";
    try {
      return type.toText(value as never, options);
    } catch {
      return "";
    }
  };
}
