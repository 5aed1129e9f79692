import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import {
  parisInstant,
  parisIso,
  parisOffsetMinutes,
  parisTime,
} from "../../../core/plugin_sdk/mod.ts";

const paris = suite("paris time");

paris("the offset changes at the EU's 01:00 UTC, last Sundays of March and October", () => {
  const at = (iso: string) => parisOffsetMinutes(Date.parse(iso));
  assert.is(at("2026-03-29T00:59:59Z"), 60);
  assert.is(at("2026-03-29T01:00:00Z"), 120);
  assert.is(at("2026-10-25T00:59:59Z"), 120);
  assert.is(at("2026-10-25T01:00:00Z"), 60);
});

paris("the cached offset agrees with Intl every hour of a year", () => {
  const format = new Intl.DateTimeFormat("en-GB", {
    timeZone: "Europe/Paris",
    timeZoneName: "longOffset",
  });
  for (let ms = Date.UTC(2027, 0, 1); ms < Date.UTC(2028, 0, 1); ms += 3_600_000 + 17_000) {
    const name = format.formatToParts(ms).find((p) => p.type === "timeZoneName")!.value;
    assert.is(parisOffsetMinutes(ms), name === "GMT+02:00" ? 120 : 60, new Date(ms).toISOString());
  }
});

paris("a year of hours asks Intl a few times a month, not once an hour", () => {
  const formatToParts = Intl.DateTimeFormat.prototype.formatToParts;
  let calls = 0;
  Intl.DateTimeFormat.prototype.formatToParts = function (date) {
    calls++;
    return formatToParts.call(this, date);
  };
  try {
    const seen = new Set<number>();
    for (let ms = Date.UTC(2031, 0, 1); ms < Date.UTC(2032, 0, 1); ms += 3_600_000) {
      seen.add(parisOffsetMinutes(ms));
    }
    assert.equal([...seen].sort(), [120, 60]);
    assert.ok(calls < 100, `${calls} calls to Intl for 8,760 hours`);
  } finally {
    Intl.DateTimeFormat.prototype.formatToParts = formatToParts;
  }
});

paris("ISO with offset, wall time, and back", () => {
  assert.is(parisIso("2026-12-06T03:13:27.512Z"), "2026-12-06T04:13:27+01:00");
  assert.is(parisIso("2026-07-14T22:30:00.000Z"), "2026-07-15T00:30:00+02:00", "the next day");
  assert.is(parisTime("2026-07-14T08:30:00Z")!.local, "2026-07-14T10:30:00");
  assert.is(parisIso("pas une date"), null);
  assert.is(parisInstant("2026-07-14T10:30"), "2026-07-14T08:30:00.000Z");
  assert.is(parisInstant("2026-12-24T09:05"), "2026-12-24T08:05:00.000Z");
  assert.is(parisInstant("2026-10-25T02:30"), "2026-10-25T00:30:00.000Z", "the first 02:30");
  assert.is(parisInstant("2026-03-29T02:30"), "2026-03-29T00:30:00.000Z", "skipped: summer offset");
  assert.is(parisInstant("n’importe quoi"), null);
});

paris("an instant as stored and a wall time read from their hour's cache as if computed", () => {
  // Every 7 minutes 13 seconds across both changes of 2027: the cached path against the same
  // instant in a form that skips the cache (no milliseconds), and back to the wall time.
  const intl = new Intl.DateTimeFormat("sv-SE", {
    timeZone: "Europe/Paris",
    dateStyle: "short",
    timeStyle: "medium",
  });
  for (let ms = Date.UTC(2027, 2, 27); ms < Date.UTC(2027, 10, 2); ms += 433_000) {
    if (ms > Date.UTC(2027, 3, 2) && ms < Date.UTC(2027, 9, 29)) ms += 86_400_000;
    const stored = new Date(ms).toISOString();
    const t = parisTime(stored)!;
    assert.equal(t, parisTime(stored.slice(0, 19) + "Z"), stored);
    assert.is(t.local, intl.format(ms).replace(" ", "T"), stored);
    assert.is(t.ms, Date.parse(`${t.local}Z`), stored);
    const wall = t.local.slice(0, 16);
    const again = parisInstant(wall)!;
    assert.is(again, parisInstant(`${wall}:00`), wall);
    assert.is(parisTime(again)!.local.slice(0, 16), wall, wall);
  }
});

paris.run();
