/**
 * Helpers shared by the standard champ types: the factory that keeps types inferred, French
 * number and boolean rendering, and the one-column / one-tag shapes most types use.
 */
import * as v from "valibot";
import type { ChampType } from "../../core/plugin_sdk/mod.ts";

/** Declares a champ type, inferring its options and value types from its schemas. */
export function champType<O, V>(contribution: ChampType<O, V>): ChampType<O, V> {
  return Object.freeze(contribution);
}

const NUMBER = new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 10 });

/** A number the French way: `1 234,5` (narrow no-break space between thousands). */
export function frenchNumber(value: number): string {
  // Under a thousand, a whole number is its digits (-0 aside, which Intl writes « -0 »).
  if (Number.isInteger(value) && value > 0 && value < 1000) return String(value);
  return NUMBER.format(value);
}

/** `Oui` or `Non`. */
export function ouiNon(value: boolean): string {
  return value ? "Oui" : "Non";
}

/**
 * Whether free text counts as empty: null, or nothing but spaces. A value of another kind
 * (a number sent through the API for a text champ) is not empty: its schema refuses it.
 */
export function isBlank(value: unknown): boolean {
  return value === null || value === undefined ||
    (typeof value === "string" && value.trim() === "");
}

/** `1 ligne`, `2 lignes`: a count with its noun, plural from 2 on as French has it. */
export function countOf(count: number, singular: string, plural = `${singular}s`): string {
  return `${frenchNumber(count)} ${count >= 2 ? plural : singular}`;
}

/**
 * The export column of a single-valued champ. Key convention of this plugin: `value` is the
 * champ's own column or tag; sub-values (a linked list's `primary`…) get their own keys.
 */
export function column(value: string | number | null): Record<string, string | number | null> {
  return { value };
}

/** The template tag of a single-valued champ (`value` key, see `column`). */
export function tag(text: string): Record<string, string> {
  return { value: text };
}

/** Quotes a value for a message the French way: « valeur ». */
export function quoted(text: string): string {
  return `« ${text} »`;
}

/** A rule of `firstFailing`: a test, and the French message (or its maker) when it fails. */
export type Rule<T> = readonly [
  ok: (value: T) => boolean,
  message: string | ((value: T) => string),
];

/**
 * One validation running rules in order and reporting only the first that fails, so a
 * person reads one message about what to fix first rather than a cascade.
 *
 * @example
 * ```ts
 * v.pipe(v.string(), firstFailing<string>([(s) => s.length === 14, "14 chiffres"]));
 * ```
 */
export function firstFailing<T>(...rules: readonly Rule<T>[]) {
  return v.rawCheck<T>(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const broken = rules.find(([ok]) => !ok(dataset.value));
    if (!broken) return;
    const [, message] = broken;
    addIssue({ message: typeof message === "string" ? message : message(dataset.value) });
  });
}
