import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import {
  addMonths,
  conservationView,
  type ConservedDossier,
  deletionDate,
  dueForDeletion,
  dueForNotice,
  expiryOf,
  mayConserve,
} from "../../../core/conservation/model.ts";

const T0 = "2026-01-10T09:00:00.000Z";
const dossier = (d: Partial<ConservedDossier>): ConservedDossier => ({
  state: "brouillon",
  updated_at: T0,
  deposited_at: null,
  decided_at: null,
  conservation_until: null,
  expiry_notice_at: null,
  deleted_by_usager_at: null,
  ...d,
});

const rules = suite("conservation rules");

rules("addMonths() clamps the day to the month's end", () => {
  assert.is(addMonths("2026-01-31T10:00:00.000Z", 1), "2026-02-28T10:00:00.000Z");
  assert.is(addMonths("2026-03-31T10:00:00.000Z", -1), "2026-02-28T10:00:00.000Z");
  assert.is(addMonths(T0, 12), "2027-01-10T09:00:00.000Z");
});

rules("expiryOf() counts from the state's reference date", () => {
  assert.is(expiryOf(dossier({}), 12), "2026-04-10T09:00:00.000Z", "brouillon: 3 months at most");
  assert.is(expiryOf(dossier({}), 2), "2026-03-10T09:00:00.000Z", "brouillon: the retention");
  assert.is(
    expiryOf(dossier({ state: "en_construction", deposited_at: T0 }), 6),
    "2026-07-10T09:00:00.000Z",
  );
  assert.is(expiryOf(dossier({ state: "en_instruction", deposited_at: T0 }), 6), null);
  for (const state of ["accepte", "refuse", "sans_suite"]) {
    assert.is(expiryOf(dossier({ state, decided_at: T0 }), 6), "2026-07-10T09:00:00.000Z");
  }
  assert.is(
    expiryOf(dossier({ conservation_until: "2027-01-01T00:00:00.000Z" }), 6),
    "2027-01-01T00:00:00.000Z",
    "« Conserver » keeps it longer",
  );
});

rules("a notice goes 14 days before, and deletion waits 14 days after it", () => {
  const e = "2026-04-10T09:00:00.000Z";
  assert.not.ok(dueForNotice("2026-03-27T08:00:00.000Z", e, null));
  assert.ok(dueForNotice("2026-03-27T10:00:00.000Z", e, null));
  assert.not.ok(dueForNotice("2026-03-28T10:00:00.000Z", e, "2026-03-27T10:00:00.000Z"));
  assert.not.ok(dueForDeletion("2026-05-01T00:00:00.000Z", e, null), "never without a notice");
  assert.not.ok(dueForDeletion("2026-04-10T09:30:00.000Z", e, "2026-03-27T10:00:00.000Z"));
  assert.ok(dueForDeletion("2026-04-10T10:00:00.000Z", e, "2026-03-27T10:00:00.000Z"));
  // An old notice, of an earlier expiry, does not count.
  assert.ok(dueForNotice("2026-03-28T00:00:00.000Z", e, "2025-12-01T00:00:00.000Z"));
  assert.not.ok(dueForDeletion("2026-05-01T00:00:00.000Z", e, "2025-12-01T00:00:00.000Z"));
});

rules("a late notice moves the deletion 14 days after it", () => {
  const e = "2026-04-10T09:00:00.000Z";
  const now = "2026-04-20T09:00:00.000Z";
  assert.is(deletionDate(now, e, null), "2026-05-04T09:00:00.000Z");
  assert.is(deletionDate(now, e, now), "2026-05-04T09:00:00.000Z");
  assert.is(deletionDate("2026-01-01T00:00:00.000Z", e, null), e);
});

rules("« Conserver » is offered once told, or in the last month", () => {
  const e = "2026-04-10T09:00:00.000Z";
  assert.not.ok(mayConserve("2026-03-01T00:00:00.000Z", e, null));
  assert.ok(mayConserve("2026-03-11T00:00:00.000Z", e, null));
  assert.ok(mayConserve("2026-03-28T00:00:00.000Z", e, "2026-03-27T10:00:00.000Z"));
  assert.not.ok(mayConserve("2026-03-28T00:00:00.000Z", null, null));
});

rules("a brouillon in the bin goes 30 days after", () => {
  const view = conservationView(
    "2026-01-12T00:00:00.000Z",
    dossier({ deleted_by_usager_at: T0 }),
    12,
  );
  assert.equal(view, {
    deletionAt: "2026-02-09T09:00:00.000Z",
    reason: "corbeille",
    noticeSentAt: null,
    canConserve: false,
  });
});

rules.run();
