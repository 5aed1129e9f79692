/** Number champs: `integer_number` and `decimal_number`, with optional bounds and sign. */
import * as v from "valibot";
import { champType, column, firstFailing, frenchNumber, tag } from "./_helpers.ts";

const bound = (what: string) => v.optional(v.number(`Le ${what} doit être un nombre`));

const numberOptions = v.pipe(
  v.object({
    min: bound("minimum"),
    max: bound("maximum"),
    /** Refuses negative numbers (zero is accepted). */
    positive: v.optional(v.boolean(), false),
  }),
  v.check(
    (o) => o.min === undefined || o.max === undefined || o.min <= o.max,
    "Le minimum doit être inférieur ou égal au maximum",
  ),
);

type NumberOptions = v.InferOutput<typeof numberOptions>;

/**
 * Reads a number as a French person types it: `1 234,5`, `1234.5`, `-3`. Anything else gives
 * NaN so the schema refuses it with a message.
 */
export function parseFrenchNumber(input: number | string): number {
  if (typeof input === "number") return input;
  const compact = input.replace(/[\s\u00a0\u202f]/g, "").replace(",", ".");
  return /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(compact) ? Number(compact) : NaN;
}

function boundsMessage({ min, max, positive }: NumberOptions): string {
  const low = positive ? Math.max(min ?? 0, 0) : min;
  if (low !== undefined && max !== undefined) {
    return `Indiquez un nombre compris entre ${frenchNumber(low)} et ${frenchNumber(max)}`;
  }
  if (max !== undefined) return `Indiquez un nombre inférieur ou égal à ${frenchNumber(max)}`;
  if (positive && (min ?? 0) <= 0) return "Indiquez un nombre positif ou nul";
  return `Indiquez un nombre supérieur ou égal à ${frenchNumber(low ?? 0)}`;
}

function numberValue(options: NumberOptions, integer: boolean) {
  const { min, max, positive } = options;
  return v.pipe(
    v.union([v.number(), v.string()], "Indiquez un nombre"),
    v.transform(parseFrenchNumber),
    firstFailing<number>(
      [
        Number.isFinite,
        integer
          ? "Indiquez un nombre entier, par exemple 1234"
          : "Indiquez un nombre, par exemple 12,5",
      ],
      [(n) => !integer || Number.isInteger(n), "Indiquez un nombre entier, sans virgule"],
      [(n) => Math.abs(n) <= Number.MAX_SAFE_INTEGER, "Ce nombre est trop grand"],
      [
        (n) =>
          (min === undefined || n >= min) && (max === undefined || n <= max) &&
          (!positive || n >= 0),
        boundsMessage(options),
      ],
    ),
  );
}

function numberType(type: string, label: string, integer: boolean) {
  return champType({
    type,
    label,
    category: "standard",
    options: numberOptions,
    value: (options: NumberOptions) => numberValue(options, integer),
    toText: (value) => frenchNumber(value),
    toColumns: (value) => column(value),
    tags: (value) => tag(frenchNumber(value)),
    columnKind: "number",
    conditionSource: "number",
  });
}

/** Nombre entier: typed freely (`1 234`), stored as a number. */
export const integerNumber = numberType("integer_number", "Nombre entier", true);

/** Nombre décimal: typed with a comma or a dot (`12,5`), stored as a number. */
export const decimalNumber = numberType("decimal_number", "Nombre décimal", false);
