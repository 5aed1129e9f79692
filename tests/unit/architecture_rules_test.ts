import { suite } from "../helpers/suite.ts";
import * as assert from "uvu/assert";
import {
  checkArchitecture,
  importsOf,
  type Rule,
  stripComments,
  type Violation,
} from "../architecture.ts";

/** The check on a small tree: path → text; a schema naming the tables is always there. */
function check(files: Record<string, string>): Violation[] {
  return checkArchitecture(
    new Map(Object.entries({
      "core/db/schema.ts":
        "export interface Database {\n  dossiers: DossiersTable;\n  users: UsersTable;\n}\n",
      ...files,
    })),
  );
}

function only(violations: Violation[], rule: Rule): Violation[] {
  return violations.filter((v) => v.rule === rule);
}

const reading = suite("architecture: reading source");

reading("imports on several lines, type-only ones and re-exports are all read", () => {
  const code = [
    'import { a } from "./a.ts";',
    "import {",
    "  b,",
    "  type C,",
    '} from "../b.ts";',
    'import type { D } from "./d.ts";',
    'import { type E, type F } from "./e.ts";',
    'export { g } from "./g.ts";',
    'export * from "./h.ts";',
    'const m = await import("./m.ts");',
  ].join("\n");
  assert.equal(
    importsOf(code).map((i) => [i.specifier, i.line, i.typeOnly]),
    [
      ["./a.ts", 1, false],
      ["../b.ts", 2, false],
      ["./d.ts", 6, true],
      ["./e.ts", 7, true],
      ["./g.ts", 8, false],
      ["./h.ts", 9, false],
      ["./m.ts", 10, false],
    ],
  );
});

reading("comments are blanked, strings, templates and regular expressions kept, lines kept", () => {
  const code = [
    '// db.selectFrom("users")',
    'const s = "// not a comment"; /* selectFrom( */',
    "const r = /\\/\\/[\"']/g; const t = `a ${'}'} // b`;",
    "selectFrom(1);",
  ].join("\n");
  const out = stripComments(code);
  assert.is(out.split("\n").length, 4);
  assert.not.match(out, /users/);
  assert.match(out, /"\/\/ not a comment"/);
  assert.not.match(out.split("\n")[1], /selectFrom/);
  assert.match(out, /const r = \/\\\/\\\/\["'\]\/g;/);
  assert.match(out, /`a \$\{'\}'\} \/\/ b`/);
  assert.match(out.split("\n")[3], /selectFrom\(1\)/);
});

const rules = suite("architecture: rules on fixture trees");

rules("a tree that keeps every rule passes", () => {
  const violations = check({
    "core/errors.ts": "export class AppError extends Error {}\n",
    "core/shared/conditions.ts": 'import * as v from "valibot";\nexport const x = v.string();\n',
    "core/dossiers/store.ts": 'import type { Executor } from "../db/executor.ts";\n' +
      'export const get = (db: Executor) => db.selectFrom("dossiers").selectAll().execute();\n' +
      'export const set = (db: Executor) => db.updateTable("dossiers").set({}).execute();\n',
    "core/dossiers/service.ts": 'import { get } from "./store.ts";\nimport "../errors.ts";\n' +
      '// db.selectFrom("dossiers") in a comment is no query\n' +
      "export const parse = (s: string) => JSON.parse(s) as unknown;\n",
    "core/instruction/service.ts": 'import { set } from "../dossiers/store.ts";\n',
    "plugins/p/mod.ts": 'import { definePlugin } from "../../core/plugin_sdk/mod.ts";\n',
    "plugins/p/ui.tsx": 'import type { PluginUi } from "../../ui/plugin_sdk.ts";\n',
    "ui/api.ts": 'import type { AppRouter } from "../core/api/router.ts";\n',
    "ui/form.tsx": 'import { visibility } from "../core/shared/visibility.ts";\n',
  });
  assert.equal(violations, []);
});

rules("a query outside a store is reported with file and line", () => {
  const violations = check({
    "core/dossiers/service.ts": "export async function f(db: Db) {\n" +
      '  return await db.selectFrom("dossiers").selectAll().execute();\n}\n',
    "core/dossiers/deposit.ts": "export const g = (db: Db) =>\n" +
      '  sql`update dossiers set state = ${"x"}`.execute(db);\n' +
      "export const h = () => sql<number>`count(*)`;\n" +
      'export const k = (raw: DatabaseSync) => raw.prepare("select * from users where id = ?");\n' +
      "export const l = () => sql.raw(`delete from dossiers`);\n" +
      'export const m = () => sql.raw("<");\n',
  });
  const queries = only(violations, "query");
  assert.equal(
    queries.map((v) => `${v.file}:${v.line}`),
    [
      "core/dossiers/deposit.ts:2",
      "core/dossiers/deposit.ts:4",
      "core/dossiers/deposit.ts:5",
      "core/dossiers/service.ts:2",
    ],
  );
  assert.match(queries[3].message, /selectFrom/);
  assert.match(queries[1].message, /prepare\( on table « users »/);
});

rules("stores, *_store.ts files and core/db/ may build queries", () => {
  const violations = check({
    "core/dossiers/reads_store.ts": 'export const f = (db: Db) => db.deleteFrom("users");\n',
    "core/db/search.ts": 'export const f = (db: Db) => db.selectFrom("users");\n',
  });
  assert.equal(only(violations, "query"), []);
});

rules("two core folders importing each other are a cycle, type-only imports included", () => {
  const violations = check({
    "core/demarches/service.ts": 'import type { Dossier } from "../dossiers/model.ts";\n',
    "core/dossiers/model.ts": 'import { getDemarche } from "../demarches/service.ts";\n',
  });
  const cycles = only(violations, "cycle");
  assert.is(cycles.length, 1);
  assert.match(cycles[0].message, /core\/demarches\/ and core\/dossiers\/ import each other/);
  assert.match(cycles[0].message, /core\/dossiers\/model\.ts:1/);
  // and the upward import is a layer violation of its own
  assert.equal(
    only(violations, "layer").map((v) => `${v.file}:${v.line}`),
    ["core/demarches/service.ts:1"],
  );
});

rules("a loop through three folders of one layer is a cycle", () => {
  const violations = check({
    "core/instruction/a.ts": 'import "../messagerie/a.ts";\n',
    "core/messagerie/a.ts": 'import "../conservation/a.ts";\n',
    "core/conservation/a.ts": 'import "../instruction/a.ts";\n',
  });
  assert.equal(only(violations, "layer"), []);
  const cycles = only(violations, "cycle");
  assert.is(cycles.length, 1);
  assert.match(cycles[0].message, /a loop through 3 nodes/);
});

rules("a root base file importing a feature folder goes against the layers", () => {
  const violations = check({
    "core/config.ts": 'import { x } from "./dossiers/model.ts";\n',
    "core/app.ts": 'import { x } from "./dossiers/model.ts";\n',
  });
  assert.equal(only(violations, "layer").map((v) => v.file), ["core/config.ts"]);
});

rules("core/shared/ imports nothing but valibot and itself", () => {
  const violations = check({
    "core/shared/a.ts": 'import * as v from "valibot";\nimport { b } from "./b.ts";\n' +
      'import { AppError } from "../errors.ts";\nimport { z } from "kysely";\n',
  });
  assert.equal(only(violations, "layer").map((v) => v.line), [3, 4]);
});

rules("a core folder missing from the layers is reported", () => {
  const violations = check({ "core/lifecycle/mod.ts": "export const x = 1;\n" });
  assert.match(only(violations, "layer")[0]?.message ?? "", /core\/lifecycle\/ is in no layer/);
});

rules("core/deps.ts names types of base and platform only", () => {
  const violations = check({
    "core/deps.ts": 'import type { Db } from "./db/mod.ts";\n' +
      'import type { PluginHost } from "./plugin_host/host.ts";\n' +
      'import type { Session } from "./accounts/service.ts";\n' +
      'import { createRateLimiter } from "./rate_limit.ts";\n',
    "core/plugin_host/host.ts": 'import type { Deps } from "../deps.ts";\n',
  });
  assert.equal(only(violations, "cycle"), []);
  assert.equal(only(violations, "layer").map((v) => v.line), [3, 4]);
});

rules("a table written from two folders has two owners", () => {
  const violations = check({
    "core/dossiers/store.ts": 'export const f = (db: Db) => db.updateTable("dossiers");\n',
    "core/instruction/store.ts":
      'export const g = (db: Db) =>\n  db.insertInto(\n    "dossiers as d"\n  );\n' +
      'export const h = (db: Db) => db.insertInto("users");\n',
    "core/messagerie/store.ts": "export const k = () => sql`delete from dossiers where 1`;\n",
  });
  const owners = only(violations, "owner");
  assert.is(owners.length, 1);
  assert.match(owners[0].message, /« dossiers » written from 3 folders/);
  assert.match(owners[0].message, /core\/instruction\/store\.ts:2/);
});

rules("a plugin importing past the SDK is reported", () => {
  const violations = check({
    "plugins/p/mod.ts": 'import { definePlugin } from "../../core/plugin_sdk/mod.ts";\n' +
      'import { zipFiles } from "../../core/plugin_sdk/zip.ts";\n' +
      'import type { Db } from "../../core/db/mod.ts";\n',
    "plugins/p/ui_field.tsx": 'import { api } from "../../ui/api.ts";\n' +
      'import type { ChampInputProps } from "../../ui/plugin_sdk.ts";\n' +
      'import { isHttpUrl } from "../../core/shared/url.ts";\n',
  });
  assert.equal(
    only(violations, "plugin").map((v) => `${v.file}:${v.line}`),
    [
      "plugins/p/mod.ts:2",
      "plugins/p/mod.ts:3",
      "plugins/p/ui_field.tsx:1",
      "plugins/p/ui_field.tsx:3",
    ],
  );
});

rules("the browser imports from core/ only core/shared/ and the AppRouter type", () => {
  const violations = check({
    "ui/api.ts": 'import { appRouter } from "../core/api/router.ts";\n',
    "ui/pages/p.tsx": 'import { visibility } from "../../core/demarches/visibility.ts";\n' +
      'import { isHttpUrl } from "../../core/shared/url.ts";\n',
  });
  assert.equal(only(violations, "ui").map((v) => v.file), ["ui/api.ts", "ui/pages/p.tsx"]);
});

rules("JSON.parse(…) as T in core/ is reported, as unknown alone is not", () => {
  const violations = check({
    "core/demarches/model.ts": "export const a = (s: string) => JSON.parse(s) as Settings;\n" +
      "export const b = (s: string) => JSON.parse(f(s, (x) => x)) as { a: number }[];\n" +
      "export const c = (s: string) => JSON.parse(s) as unknown;\n" +
      "export const d = (s: string) => JSON.parse(s) as unknown as T;\n" +
      "export const e = (s?: string) => s ? JSON.parse(s) as Form : JSON.parse(t) as Form;\n" +
      "export const f = (s: string) => (JSON.parse(s) as { x?: Record<string, number> }).x;\n",
  });
  assert.equal(only(violations, "json").map((v) => v.line), [1, 2, 4, 5, 5, 6]);
  assert.equal(only(violations, "json").map((v) => v.message.replace(/: read it.*$/, "")), [
    "JSON.parse(…) as Settings",
    "JSON.parse(…) as { a: number }[]",
    "JSON.parse(…) as unknown as T",
    "JSON.parse(…) as Form",
    "JSON.parse(…) as Form",
    "JSON.parse(…) as { x?: Record<string, number> }",
  ]);
});

reading.run();
rules.run();
