/** Helpers for the champs_territoire tests: parse values the way the core will. */
import * as v from "valibot";
import type { ChampType } from "../../../../core/plugin_sdk/mod.ts";

/** Territory values do not depend on the date; the context is there because the core gives it. */
const CONTEXT = { now: new Date("2025-01-15T10:00:00Z") };

/** The options a type gets from `{}`, failing the test if refused. */
export function optionsOf<O, V>(type: ChampType<O, V>, input: unknown = {}): O {
  const result = v.safeParse(type.options, input);
  if (!result.success) {
    throw new Error(`Options ${JSON.stringify(input)} refused: ${result.issues[0].message}`);
  }
  return result.output;
}

/** The stored form of `input`, failing the test if it is refused. */
export function accepted<O, V>(type: ChampType<O, V>, input: unknown): V {
  const result = v.safeParse(type.value(optionsOf(type), CONTEXT), input);
  if (!result.success) {
    throw new Error(`Value ${JSON.stringify(input)} refused: ${result.issues[0].message}`);
  }
  return result.output;
}

/** The one message given when `input` is refused, failing the test otherwise. */
export function refusal<O, V>(type: ChampType<O, V>, input: unknown): string {
  const result = v.safeParse(type.value(optionsOf(type), CONTEXT), input);
  if (result.success) throw new Error(`Value ${JSON.stringify(input)} was accepted`);
  const messages = result.issues.map((issue) => issue.message);
  if (messages.length !== 1) throw new Error(`Expected one message, got ${messages.join(" | ")}`);
  return messages[0];
}

/** `toText` with the type's default options. */
export function text<O, V>(type: ChampType<O, V>, value: V): string {
  return type.toText(value, optionsOf(type));
}

/** `toColumns` with the type's default options. */
export function columns<O, V>(type: ChampType<O, V>, value: V) {
  return type.toColumns?.(value, optionsOf(type));
}

/** `tags` with the type's default options. */
export function tags<O, V>(type: ChampType<O, V>, value: V) {
  return type.tags?.(value, optionsOf(type));
}
