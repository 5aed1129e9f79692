/** Boolean champs: `checkbox` (a single box to tick) and `yes_no` (Oui/Non). */
import * as v from "valibot";
import { champType, column, ouiNon, tag } from "./_helpers.ts";

/** Case à cocher seule: a mandatory one must be ticked, so unticked counts as empty. */
export const checkbox = champType({
  type: "checkbox",
  label: "Case à cocher seule",
  category: "choix",
  options: v.object({}),
  value: () => v.boolean("Cochez la case ou laissez-la vide"),
  isEmpty: (value) => value !== true,
  toText: ouiNon,
  toColumns: (value) => column(ouiNon(value)),
  tags: (value) => tag(ouiNon(value)),
  columnKind: "boolean",
  conditionSource: "boolean",
});

/** Oui/Non: both answers are answers; only no answer at all is empty. */
export const yesNo = champType({
  type: "yes_no",
  label: "Oui/Non",
  category: "choix",
  options: v.object({}),
  value: () => v.boolean("Répondez par Oui ou par Non"),
  toText: ouiNon,
  toColumns: (value) => column(ouiNon(value)),
  tags: (value) => tag(ouiNon(value)),
  columnKind: "boolean",
  conditionSource: "boolean",
});
