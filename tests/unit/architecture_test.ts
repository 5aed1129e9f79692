/**
 * The real tree keeps the rules of README « Layout » (tests/architecture.ts): `deno task test`
 * fails, with each breach's file and line, the day a query leaves its store, two core folders
 * import each other, a table gets a second writer or a plugin reaches past its SDK.
 */
import { suite } from "../helpers/suite.ts";
import * as assert from "uvu/assert";
import { checkArchitecture, readTree } from "../architecture.ts";

const tree = suite("architecture of the real tree");

tree("core/, plugins/ and ui/ keep every rule of README « Layout »", async () => {
  const root = new URL("../..", import.meta.url).pathname.replace(/\/$/, "");
  const files = await readTree(root);
  assert.ok(files.size > 200, `only ${files.size} files read: is the root right?`);
  assert.ok(files.has("core/db/schema.ts"), "the schema names the tables");
  const violations = checkArchitecture(files);
  assert.equal(violations.map((v) => `${v.file}:${v.line} [${v.rule}] ${v.message}`), []);
});

tree.run();
