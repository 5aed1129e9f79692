/**
 * Every whole number a tRPC procedure reads has a maximum PostgreSQL's `integer` holds: ids are
 * `integer` columns (32 bits on PostgreSQL), and a larger one passed to a query is an error there
 * (« value out of range for type integer », a 500) where SQLite only finds no row. The walk reads
 * the valibot schemas of the whole router, so a procedure added tomorrow is checked too.
 */
import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import * as v from "valibot";
import { appRouter } from "../../../core/api/router.ts";
import { MAX_ID, rowId } from "../../../core/shared/ids.ts";

// deno-lint-ignore no-explicit-any
type Schema = any;

/** `where: bound` for every integer schema under `schema` (`bound` undefined: no maximum). */
function integers(schema: Schema, where: string, out: [string, number | undefined][]) {
  if (!schema || typeof schema !== "object") return out;
  const actions: Schema[] = (schema.pipe ?? []).slice(1);
  if (schema.type === "number" && actions.some((a) => a.type === "integer")) {
    const maxima = actions.filter((a) => a.type === "max_value").map((a) => a.requirement);
    out.push([where, maxima.length ? Math.min(...maxima) : undefined]);
  }
  if (schema.wrapped) integers(schema.wrapped, where, out);
  for (const [key, entry] of Object.entries(schema.entries ?? {})) {
    integers(entry, `${where}.${key}`, out);
  }
  if (schema.item) integers(schema.item, `${where}[]`, out);
  for (const [i, item] of (schema.items ?? []).entries()) integers(item, `${where}[${i}]`, out);
  for (const option of schema.options ?? []) integers(option, where, out);
  if (schema.value) integers(schema.value, `${where}{}`, out);
  if (schema.rest) integers(schema.rest, `${where}[…]`, out);
  for (const action of actions) if (action.kind === "schema") integers(action, where, out);
  return out;
}

const ids = suite("whole numbers read by the API");

ids("every one has a maximum within PostgreSQL's integer", () => {
  const found: [string, number | undefined][] = [];
  const procedures = appRouter._def.procedures as unknown as Record<
    string,
    { _def: { inputs: Schema[] } }
  >;
  for (const [path, procedure] of Object.entries(procedures)) {
    for (const input of procedure._def.inputs) integers(input, path, found);
  }
  // The walk sees the schemas (a change of valibot's shapes would leave it finding nothing).
  assert.ok(found.some(([where]) => where === "usager.dossier.id"), "usager.dossier.id found");
  assert.ok(found.length > 50, `${found.length} whole numbers found`);
  const unbounded = found.filter(([, max]) => max === undefined || max > MAX_ID)
    .map(([where, max]) => `${where} (max ${max})`);
  assert.equal(unbounded, []);
});

ids("rowId: 1 to 2^31 - 1, the rest names nothing, in French", () => {
  const schema = rowId("Dossier inconnu.");
  assert.is(MAX_ID, 2 ** 31 - 1);
  for (const ok of [1, 42, MAX_ID]) assert.is(v.parse(schema, ok), ok);
  for (const bad of [0, -1, 1.5, MAX_ID + 1, 1e308, Infinity, NaN, "1", null]) {
    const result = v.safeParse(schema, bad);
    assert.not.ok(result.success, String(bad));
    assert.is(result.issues?.[0].message, "Dossier inconnu.", String(bad));
  }
});

ids.run();
