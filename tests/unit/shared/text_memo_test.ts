/**
 * `memoByText` (core/shared/text_memo.ts): what a save or a deposit reads of a démarche's
 * stored settings is parsed once per distinct text, shared frozen, the oldest dropped first.
 */
import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import { memoByText } from "../../../core/shared/text_memo.ts";
import { storedSettings } from "../../../core/demarches/codecs.ts";

const test = suite("text_memo");

test("a text is parsed once, its result shared and frozen", () => {
  let calls = 0;
  const parse = memoByText((json) => {
    calls++;
    return JSON.parse(json) as { a: { b: number[] } };
  });
  const first = parse('{"a":{"b":[1]}}');
  // Another string with the same text (as each row read from the database is).
  const again = parse(JSON.stringify({ a: { b: [1] } }));
  assert.is(calls, 1);
  assert.is(again, first);
  assert.ok(Object.isFrozen(first) && Object.isFrozen(first.a) && Object.isFrozen(first.a.b));
  assert.throws(() => (first.a.b as number[]).push(2));
  parse('{"a":{"b":[2]}}');
  assert.is(calls, 2);
});

test("past its limit the text read least recently goes first; a throwing text is not kept", () => {
  const made: string[] = [];
  const parse = memoByText((text) => {
    made.push(text);
    if (text === "bad") throw new Error("bad");
    return { text };
  }, 2);
  parse("a");
  parse("b");
  parse("a"); // read again: « b » is now the oldest
  parse("c"); // drops « b »
  parse("a");
  assert.equal(made, ["a", "b", "c"]);
  parse("b");
  assert.equal(made, ["a", "b", "c", "b"]);
  assert.throws(() => parse("bad"));
  assert.throws(() => parse("bad"));
  assert.equal(made.filter((t) => t === "bad").length, 2);
});

test("storedSettings reads the settings as parseSettings does, once per text", () => {
  const json = JSON.stringify({ unDossierParUsager: true, siteWeb: 12 });
  const settings = storedSettings(json);
  // A setting not of its shape reads as absent, as with parseSettings.
  assert.equal({ ...settings }, { unDossierParUsager: true, siteWeb: undefined });
  assert.is(storedSettings(JSON.stringify(JSON.parse(json))), settings);
});

test.run();
