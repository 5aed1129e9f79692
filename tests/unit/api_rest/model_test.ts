import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import * as v from "valibot";
import { decodeCursor, dossiersQuery, encodeCursor } from "../../../core/api_rest/model.ts";

const model = suite("api_rest model");

model("a cursor reads back as the position it was made from, and opaque text as none", () => {
  const cursor = { updatedAt: "2026-03-02T10:00:00.000Z", id: 481 };
  const text = encodeCursor(cursor);
  assert.match(text, /^[A-Za-z0-9_-]+$/, "safe in a query string");
  assert.equal(decodeCursor(text), cursor);
  for (const bad of ["", "%%%", btoa("[1,2]"), btoa('["2026-01-01",0]'), btoa("{}")]) {
    assert.is(decodeCursor(bad), null, bad);
  }
});

model("dossiersQuery() defaults limite to 100 and normalises depuis to UTC", () => {
  assert.equal(v.parse(dossiersQuery, {}), { limite: 100 });
  const out = v.parse(dossiersQuery, { depuis: "2026-03-02T11:00:00+01:00", limite: "5" });
  assert.equal(out, { depuis: "2026-03-02T10:00:00.000Z", limite: 5 });
  for (
    const bad of [{ limite: "0" }, { limite: "1.5" }, { etat: "brouillon" }, { x: "1" }, {
      depuis: ["2026-01-01", "2026-01-02"],
    }]
  ) {
    assert.not.ok(v.safeParse(dossiersQuery, bad).success, JSON.stringify(bad));
  }
});

model.run();
