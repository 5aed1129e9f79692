import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import * as v from "valibot";
import {
  type Condition,
  conditionSchema,
  evaluate,
  sourcesOf,
} from "../../../core/shared/conditions.ts";

const conditions = suite("conditions");

conditions("evaluate() compares numbers with lt, lte, gt, gte", () => {
  const values = { longueur: 12 };
  assert.ok(evaluate({ op: "gt", champ: "longueur", value: 10 }, values));
  assert.ok(evaluate({ op: "gte", champ: "longueur", value: 12 }, values));
  assert.not.ok(evaluate({ op: "lt", champ: "longueur", value: 12 }, values));
  assert.ok(evaluate({ op: "lte", champ: "longueur", value: 12 }, values));
});

conditions("evaluate() makes every comparison false on a blank source", () => {
  for (const op of ["eq", "neq", "lt", "gt", "includes"] as const) {
    assert.not.ok(evaluate({ op, champ: "absent", value: 1 }, {}), op);
  }
  assert.ok(evaluate({ op: "empty", champ: "absent" }, {}));
  assert.ok(evaluate({ op: "empty", champ: "liste" }, { liste: [] }));
});

conditions("evaluate() handles includes on a multiple choice", () => {
  const values = { equipements: ["Radio VHF", "Balise"] };
  assert.ok(evaluate({ op: "includes", champ: "equipements", value: "Balise" }, values));
  assert.not.ok(evaluate({ op: "includes", champ: "equipements", value: "Radeau" }, values));
});

conditions("evaluate() combines with and / or", () => {
  const c: Condition = {
    op: "or",
    conditions: [
      {
        op: "and",
        conditions: [{ op: "eq", champ: "moteur", value: true }, {
          op: "gt",
          champ: "puissance",
          value: 6,
        }],
      },
      { op: "eq", champ: "type", value: "Voilier" },
    ],
  };
  assert.ok(evaluate(c, { moteur: true, puissance: 10 }));
  assert.not.ok(evaluate(c, { moteur: true, puissance: 3 }));
  assert.ok(evaluate(c, { type: "Voilier" }));
});

conditions("evaluate() reads a sub-value path (in département)", () => {
  const values = { commune: { code: "29019", departement: "29" } };
  assert.ok(evaluate({ op: "eq", champ: "commune.departement", value: "29" }, values));
  assert.not.ok(evaluate({ op: "eq", champ: "commune.departement", value: "56" }, values));
});

conditions("conditionSchema refuses an unknown operator with a French message", () => {
  const r = v.safeParse(conditionSchema, { op: "like", champ: "x", value: 1 });
  assert.not.ok(r.success);
  assert.match(r.issues![0].message, /Opérateur de condition inconnu/);
});

conditions("conditionSchema refuses an empty and", () => {
  const r = v.safeParse(conditionSchema, { op: "and", conditions: [] });
  assert.not.ok(r.success);
  assert.match(r.issues![0].message, /au moins une/);
});

conditions("sourcesOf() lists every champ read, without paths", () => {
  assert.equal(
    sourcesOf({
      op: "and",
      conditions: [{ op: "empty", champ: "a" }, { op: "eq", champ: "b.code", value: "1" }],
    }),
    ["a", "b"],
  );
});

conditions.run();
