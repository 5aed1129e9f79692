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
  const options = optionsOf(type, descriptor) as never;
  return (value) => {
    if (value === undefined || value === null) return "";
    try {
      return type.toText(value as never, options);
    } catch {
      return "";
    }
  };
}

/** The options read for the frozen descriptors of shared forms (`form_cache.ts`), by type. */
const readOptions = new WeakMap<object, { readonly type: ChampType; readonly options: unknown }>();

/**
 * `descriptor`'s options as its type reads them ({} when they do not fit). A deposit indexes
 * every champ's text, and the valibot parse of each one's options cost more than the text:
 * a frozen descriptor (a shared form's) keeps them, as long as its type is the same.
 */
function optionsOf(type: ChampType, descriptor: { readonly options?: unknown }): unknown {
  const kept = readOptions.get(descriptor);
  if (kept && kept.type === type) return kept.options;
  const parsed = v.safeParse(type.options, descriptor.options);
  const options = parsed.success ? parsed.output : {};
  if (Object.isFrozen(descriptor)) readOptions.set(descriptor, { type, options });
  return options;
}
