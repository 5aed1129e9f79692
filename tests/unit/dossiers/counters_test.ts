import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import { deltasOf, inSuivis, type Place, sharedTabsOf } from "../../../core/dossiers/counters.ts";

const tabs = suite("sharedTabsOf");

tabs("counts an unfollowed active dossier in « à suivre » and « tous »", () => {
  for (const state of ["en_construction", "en_instruction"]) {
    assert.equal(sharedTabsOf({ state, archived: false, followed: false }).sort(), [
      "a_suivre",
      "tous",
    ]);
  }
});

tabs("leaves a followed active dossier out of « à suivre »", () => {
  assert.equal(sharedTabsOf({ state: "en_instruction", archived: false, followed: true }), [
    "tous",
  ]);
});

tabs("counts a decided dossier in « traités » and « tous », followed or not", () => {
  for (const state of ["accepte", "refuse", "sans_suite"]) {
    for (const followed of [true, false]) {
      assert.equal(sharedTabsOf({ state, archived: false, followed }).sort(), ["tous", "traites"]);
    }
  }
});

tabs("counts an archived dossier only in « archivés »", () => {
  assert.equal(sharedTabsOf({ state: "accepte", archived: true, followed: true }), ["archives"]);
});

tabs("never counts a brouillon", () => {
  assert.equal(sharedTabsOf({ state: "brouillon", archived: false, followed: false }), []);
});

const suivis = suite("inSuivis");

suivis("counts active, unarchived dossiers for their followers only", () => {
  assert.ok(inSuivis({ state: "en_construction", archived: false }));
  assert.ok(inSuivis({ state: "en_instruction", archived: false }));
  assert.not.ok(inSuivis({ state: "accepte", archived: false }));
  assert.not.ok(inSuivis({ state: "brouillon", archived: false }));
});

const deltas = suite("deltasOf");
const place = (p: Partial<Place>): Place => ({
  groupeId: 1,
  state: "en_construction",
  archived: false,
  followers: [],
  ...p,
});

const byTab = (d: ReturnType<typeof deltasOf>) =>
  [...d.tabs].sort((a, b) => a.groupeId - b.groupeId || a.tab.localeCompare(b.tab));

deltas("a deposit adds the dossier to its groupe's « à suivre », « tous » and its state", () => {
  const d = deltasOf(place({ groupeId: null, state: "brouillon" }), place({}));
  assert.equal(byTab(d), [
    { groupeId: 1, tab: "a_suivre", delta: 1 },
    { groupeId: 1, tab: "etat_en_construction", delta: 1 },
    { groupeId: 1, tab: "tous", delta: 1 },
  ]);
  assert.equal(d.follows, []);
});

deltas("taking a dossier in hand moves it from « à suivre » to the follower's « suivis »", () => {
  const d = deltasOf(place({}), place({ state: "en_instruction", followers: [7] }));
  assert.equal(byTab(d), [
    { groupeId: 1, tab: "a_suivre", delta: -1 },
    { groupeId: 1, tab: "etat_en_construction", delta: -1 },
    { groupeId: 1, tab: "etat_en_instruction", delta: 1 },
  ]);
  assert.equal(d.follows, [{ groupeId: 1, userId: 7, delta: 1 }]);
});

deltas("a second follower changes only their own « suivis »", () => {
  const d = deltasOf(place({ followers: [7] }), place({ followers: [7, 8] }));
  assert.equal(d.tabs, []);
  assert.equal(d.follows, [{ groupeId: 1, userId: 8, delta: 1 }]);
});

deltas("a decision moves a followed dossier to « traités » and out of « suivis »", () => {
  const d = deltasOf(
    place({ state: "en_instruction", followers: [7] }),
    place({ state: "refuse", followers: [7] }),
  );
  assert.equal(byTab(d), [
    { groupeId: 1, tab: "etat_en_instruction", delta: -1 },
    { groupeId: 1, tab: "etat_refuse", delta: 1 },
    { groupeId: 1, tab: "traites", delta: 1 },
  ]);
  assert.equal(d.follows, [{ groupeId: 1, userId: 7, delta: -1 }]);
});

deltas("a reassignment moves every count to the other groupe", () => {
  const d = deltasOf(place({ followers: [7] }), place({ groupeId: 2 }));
  assert.equal(byTab(d), [
    { groupeId: 1, tab: "etat_en_construction", delta: -1 },
    { groupeId: 1, tab: "tous", delta: -1 },
    { groupeId: 2, tab: "a_suivre", delta: 1 },
    { groupeId: 2, tab: "etat_en_construction", delta: 1 },
    { groupeId: 2, tab: "tous", delta: 1 },
  ]);
  assert.equal(d.follows, [{ groupeId: 1, userId: 7, delta: -1 }]);
});

deltas("archiving takes the dossier out of its state's count, into « archivés »", () => {
  const d = deltasOf(place({ state: "accepte" }), place({ state: "accepte", archived: true }));
  assert.equal(byTab(d), [
    { groupeId: 1, tab: "archives", delta: 1 },
    { groupeId: 1, tab: "etat_accepte", delta: -1 },
    { groupeId: 1, tab: "tous", delta: -1 },
    { groupeId: 1, tab: "traites", delta: -1 },
  ]);
});

deltas("a dossier that disappears is taken out of its tabs", () => {
  const d = deltasOf(place({ state: "accepte", archived: true }), null);
  assert.equal(d.tabs, [{ groupeId: 1, tab: "archives", delta: -1 }]);
});

tabs.run();
suivis.run();
deltas.run();
