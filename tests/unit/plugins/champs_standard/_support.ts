/** Helpers for the champs_standard tests: parse options and values the way the core will. */
import * as v from "valibot";
import type { ChampType } from "../../../../core/plugin_sdk/mod.ts";

/** The options a type gets from `input` (default `{}`), failing the test if refused. */
export function optionsOf<O, V>(type: ChampType<O, V>, input: unknown = {}): O {
  const result = v.safeParse(type.options, input);
  if (!result.success) {
    throw new Error(`Options ${JSON.stringify(input)} refused: ${result.issues[0].message}`);
  }
  return result.output;
}

/** The stored form of `input`, failing the test if it is refused. */
export function accepted<O, V>(type: ChampType<O, V>, input: unknown, options: unknown = {}): V {
  const result = v.safeParse(type.value(optionsOf(type, options), { now: new Date() }), input);
  if (!result.success) {
    throw new Error(`Value ${JSON.stringify(input)} refused: ${result.issues[0].message}`);
  }
  return result.output;
}

/** Every message given when `input` is refused, failing the test if it is accepted. */
export function refusals<O, V>(
  type: ChampType<O, V>,
  input: unknown,
  options: unknown = {},
): string[] {
  const result = v.safeParse(type.value(optionsOf(type, options), { now: new Date() }), input);
  if (result.success) throw new Error(`Value ${JSON.stringify(input)} was accepted`);
  return result.issues.map((issue) => issue.message);
}

/** The one message given when `input` is refused (fails if there are several). */
export function refusal<O, V>(
  type: ChampType<O, V>,
  input: unknown,
  options: unknown = {},
): string {
  const messages = refusals(type, input, options);
  if (messages.length !== 1) throw new Error(`Expected one message, got ${messages.join(" | ")}`);
  return messages[0];
}

/** The first message given when options `input` are refused, failing if they are accepted. */
export function optionsRefusal<O, V>(type: ChampType<O, V>, input: unknown): string {
  const result = v.safeParse(type.options, input);
  if (result.success) throw new Error(`Options ${JSON.stringify(input)} were accepted`);
  return result.issues[0].message;
}

/** Whether a value counts as empty, with the core's default when the type has no rule. */
export function empty<O, V>(type: ChampType<O, V>, value: V | null): boolean {
  if (type.isEmpty) return type.isEmpty(value);
  return value === null || value === "" || (Array.isArray(value) && value.length === 0);
}

/** `toText` with the type's default options, or the given ones. */
export function text<O, V>(type: ChampType<O, V>, value: V, options: unknown = {}): string {
  return type.toText(value, optionsOf(type, options));
}
