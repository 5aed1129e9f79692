import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import { diffChamps } from "../../../core/demarches/revision_diff.ts";
import type { ChampDescriptor } from "../../../core/shared/form.ts";

const d = (stableId: string, extra: Partial<ChampDescriptor> = {}): ChampDescriptor => ({
  stableId,
  type: "text",
  label: stableId.toUpperCase(),
  description: "",
  mandatory: false,
  options: {},
  condition: null,
  ...extra,
});

const diff = suite("revision diff");

diff("diffChamps() finds added, removed and modified champs", () => {
  const changes = diffChamps([d("a"), d("b"), d("c")], [
    d("a", { mandatory: true }),
    d("c"),
    d("x"),
  ]);
  assert.equal(changes, [
    { kind: "modified", stableId: "a", label: "A", attributes: ["mandatory"] },
    { kind: "added", stableId: "x", label: "X" },
    { kind: "removed", stableId: "b", label: "B" },
  ]);
});

diff("diffChamps() does not call champs moved when one is inserted before them", () => {
  const changes = diffChamps([d("a"), d("b")], [d("new"), d("a"), d("b")]);
  assert.equal(changes.map((c) => c.kind), ["added"]);
});

diff("diffChamps() reports a swap as moves", () => {
  const changes = diffChamps([d("a"), d("b")], [d("b"), d("a")]);
  assert.equal(changes.map((c) => `${c.kind}:${c.stableId}`), ["moved:b", "moved:a"]);
});

diff("diffChamps() sees a changed condition and option", () => {
  const before = [d("a", { options: { maxLength: 10 } })];
  const after = [d("a", { options: { maxLength: 20 }, condition: { op: "empty", champ: "z" } })];
  const [change] = diffChamps(before, after);
  assert.equal(change, {
    kind: "modified",
    stableId: "a",
    label: "A",
    attributes: ["options", "condition"],
  });
});

diff.run();
