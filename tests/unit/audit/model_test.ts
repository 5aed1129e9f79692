import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import {
  type AuditRow,
  canonicalJson,
  csvField,
  GENESIS_HASH,
  hashOf,
  nextDay,
  parisDayStart,
  rowProblem,
} from "../../../core/audit/model.ts";

const model = suite("audit model");

const row = (over: Partial<AuditRow> = {}): AuditRow => {
  const base = {
    id: 1,
    at: "2026-06-10T08:00:00.000Z",
    actor_user_id: 3,
    actor_email: "marc@mairie.fr",
    actor_ip: "192.0.2.1",
    action: "jeton.cree",
    target_type: "jeton",
    target_id: "7",
    demarche_id: null,
    details: "{}",
    prev_hash: GENESIS_HASH,
    ...over,
  };
  return { ...base, hash: over.hash ?? hashOf(base) };
};

model("canonicalJson() sorts keys at every depth and drops undefined", () => {
  assert.is(
    canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: undefined } }),
    '{"a":{"d":[2,{"y":2,"z":1}]},"b":1}',
  );
});

model("hashOf() covers every column and the previous hash", () => {
  const first = row();
  for (
    const change of [
      { actor_ip: "10.0.0.1" },
      { details: '{"a":1}' },
      { id: 2 },
      { prev_hash: "f".repeat(64) },
    ]
  ) {
    assert.is.not(hashOf({ ...first, ...change }), first.hash, JSON.stringify(change));
  }
});

model("rowProblem(): the first row follows the genesis hash, the next the row before", () => {
  const first = row();
  assert.is(rowProblem(first, null), null);
  const second = row({ id: 2, prev_hash: first.hash });
  assert.is(rowProblem(second, { id: 1, hash: first.hash }), null);
  assert.match(rowProblem(second, null) ?? "", /devrait être le premier/);
  assert.match(rowProblem({ ...second, actor_email: "x@y.fr" }, first) ?? "", /n°2 a été modifié/);
  assert.match(rowProblem(second, { id: 1, hash: "0".repeat(63) + "1" }) ?? "", /ne suit plus/);
});

model("parisDayStart() is Paris midnight in summer and in winter; nextDay() crosses months", () => {
  assert.is(parisDayStart("2026-07-14"), "2026-07-13T22:00:00.000Z");
  assert.is(parisDayStart("2026-01-15"), "2026-01-14T23:00:00.000Z");
  assert.is(nextDay("2026-02-28"), "2026-03-01");
  assert.is(nextDay("2026-12-31"), "2027-01-01");
});

model("csvField() quotes separators and defuses a spreadsheet formula", () => {
  assert.is(csvField(null), "");
  assert.is(csvField(42), "42");
  assert.is(csvField('{"a":1,"b":2}'), '"{""a"":1,""b"":2}"');
  assert.is(csvField("=HYPERLINK(1)"), "'=HYPERLINK(1)");
  assert.is(csvField("@x"), "'@x");
});

model.run();
