import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import {
  type ChampRevisions,
  changedRevisions,
  mergeEdits,
  revisionNumbers,
} from "../../../core/dossiers/co_editing.ts";

const merge = suite("mergeEdits");

const revisions: ChampRevisions = { nom: [4, 7], ville: [2, 9] };

merge("applies edits without a base, and those based on the champ's revision or later", () => {
  const { merged, conflicts } = mergeEdits(
    { nom: "Le Gall", ville: "Brest" },
    revisions,
    { nom: "Le Goff", ville: "Quimper", age: 42 },
    { ville: 2, age: 0 },
  );
  assert.equal(merged, { nom: "Le Goff", ville: "Quimper", age: 42 });
  assert.equal(conflicts, []);
});

merge("keeps a champ changed since the edit's base, and names the revision and who", () => {
  const { merged, conflicts } = mergeEdits(
    { nom: "Le Gall", ville: "Brest" },
    revisions,
    { nom: "Le Goff", ville: "Quimper" },
    { nom: 3, ville: 1 },
  );
  assert.equal(merged, { nom: "Le Gall", ville: "Brest" });
  assert.equal(conflicts, [
    { champ: "nom", value: "Le Gall", revision: 4, userId: 7 },
    { champ: "ville", value: "Brest", revision: 2, userId: 9 },
  ]);
});

merge("an old base with the value already stored is no conflict: nothing is lost", () => {
  const { conflicts } = mergeEdits(
    { bloc: [{ a: 1 }] },
    { bloc: [5, 1] },
    { bloc: [{ a: 1 }] },
    { bloc: 0 },
  );
  assert.equal(conflicts, []);
});

merge("a champ emptied by someone else is reported with a null value", () => {
  const { conflicts } = mergeEdits({}, { nom: [3, 2] }, { nom: "X" }, { nom: 1 });
  assert.equal(conflicts, [{ champ: "nom", value: null, revision: 3, userId: 2 }]);
});

const changed = suite("changedRevisions");

changed("marks each champ whose stored value changed, typed, emptied or dropped", () => {
  const next = changedRevisions(
    { nom: "A", ville: "Brest", cache: "x", bloc: [{ a: 1 }] },
    { nom: "B", ville: "Brest", bloc: [{ a: 1 }], age: 3 },
    { ville: [2, 9] },
    6,
    1,
  );
  assert.equal(next, { ville: [2, 9], nom: [6, 1], cache: [6, 1], age: [6, 1] });
});

changed("is null when nothing changed", () => {
  assert.is(changedRevisions({ nom: "A" }, { nom: "A" }, {}, 2, 1), null);
});

const numbers = suite("revisionNumbers");

numbers("gives each champ's revision, only those kept", () => {
  const json = JSON.stringify({ nom: [4, 7], ville: [2, null] });
  assert.equal(revisionNumbers(json), { nom: 4, ville: 2 });
  assert.equal(revisionNumbers(json, (id) => id === "ville"), { ville: 2 });
});

merge.run();
changed.run();
numbers.run();
