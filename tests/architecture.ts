/**
 * The architecture check (`deno run -A tests/architecture.ts [--summary]`, run by `deno task
 * check` and by tests/unit/architecture_test.ts). Over 400 lines because its six rules share
 * one reading of the tree (files, imports, layers) and one report; each rule is a function
 * below. It reads core/, plugins/ and ui/ as text and reports, with file and line, every
 * breach of the rules written in README « Layout »:
 *
 * - `query`: a query built (`selectFrom(`, `insertInto(`, …, or a `sql` template naming a
 *   table) in a file of core/ that is not a store (`store.ts`, `*_store.ts`) nor under core/db/;
 * - `cycle`: two core folders (root files of core/ are their own nodes) that reach each other;
 * - `layer`: an import against the layer order (a node imports only its own layer or lower
 *   ones), an import into core/shared/ from outside it, or a core folder the order does not place;
 * - `owner`: a table written (insert, update, delete) from more than one core folder;
 * - `plugin`: a plugin importing from core/ anything but `core/plugin_sdk/mod.ts`, or a plugin
 *   UI half (`ui*.tsx`) importing from ui/ or core/ anything but `ui/plugin_sdk.ts`;
 * - `ui`: a ui/ file importing from core/ anything but core/shared/ (and the AppRouter type);
 * - `json`: a `JSON.parse(…) as T` cast in core/ (JSON columns go through valibot codecs).
 *
 * Type-only imports count like the others: a folder that needs another's types depends on it.
 * One exception, `core/deps.ts`: the record of injected services names their types only
 * (`import type` is required of it) from base and platform layers, and those edges are left out
 * of the cycle search, because every layer receives `Deps` and so it sits under all of them.
 *
 * The rules run on a map of path → text (`checkArchitecture`), so the unit tests can feed it
 * small fixture trees; `readTree` reads the real one.
 *
 * Over 400 lines because reading TypeScript well enough to judge it (comments, strings,
 * templates, regular expressions, imports over several lines) and the seven rules with their
 * reports belong to one pass over the files; the reading part alone would be no simpler apart.
 */

export type Rule = "query" | "cycle" | "layer" | "owner" | "plugin" | "ui" | "json";

export interface Violation {
  readonly rule: Rule;
  /** Path from the project root, e.g. `core/dossiers/service.ts`. */
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

/** The layers of core/, bottom to top (README « Layout »). A root file of core/ is `name.ts`. */
export const LAYERS: readonly (readonly string[])[] = [
  [
    "db",
    "plugin_sdk",
    "shared",
    "errors.ts",
    "config.ts",
    "_paths.ts",
    "http_body.ts",
    "client_ip.ts",
    "security_headers.ts",
    "rate_limit.ts",
    "rate_limit_store.ts",
    "deps.ts",
  ],
  ["policy", "rpc"],
  ["jobs", "files", "plugin_host", "notifications", "operations", "audit"],
  ["accounts"],
  ["demarches"],
  ["dossiers"],
  ["instruction", "messagerie", "conservation", "api_rest", "webhooks", "observe"],
  [
    "api",
    "app.ts",
    "main.ts",
    "workers.ts",
    "demo.ts",
    "demo_dossiers.ts",
    "dev.ts",
    "setup.ts",
    "ui_files.ts",
  ],
];

/** Layer of `deps.ts`'s targets at most: base and platform. */
const DEPS_MAX_LAYER = 2;

const QUERY_CALLS = [
  "selectFrom",
  "insertInto",
  "updateTable",
  "deleteFrom",
  "replaceInto",
  "mergeInto",
];
const WRITE_CALLS = ["insertInto", "updateTable", "deleteFrom", "replaceInto", "mergeInto"];

/** Reads the `.ts`/`.tsx` files of core/, plugins/ and ui/ (ui/dist left out) under `root`. */
export async function readTree(root: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  async function walk(rel: string) {
    for await (const entry of Deno.readDir(`${root}/${rel}`)) {
      const path = `${rel}/${entry.name}`;
      if (entry.isDirectory) {
        if (path !== "ui/dist" && entry.name !== "node_modules") await walk(path);
      } else if (/\.tsx?$/.test(entry.name)) {
        files.set(path, await Deno.readTextFile(`${root}/${path}`));
      }
    }
  }
  for (const top of ["core", "plugins", "ui"]) await walk(top);
  return files;
}

// ---------------------------------------------------------------------------------------------
// Reading source text

/**
 * The text with its comments blanked (newlines kept, so offsets and lines still match).
 * Strings and templates are kept as they are; a `/` starts a regular expression where an
 * expression may start, which is enough for the code of this project.
 */
export function stripComments(text: string): string {
  const out = text.split("");
  const blank = (from: number, to: number) => {
    for (let k = from; k < to; k++) if (out[k] !== "\n") out[k] = " ";
  };
  let i = 0;
  const templateDepth: number[] = []; // brace depth at which each open `${` resumes a template
  let braces = 0;
  let lastSignificant = "";
  const n = text.length;
  const skipString = (quote: string) => {
    i++;
    while (i < n && text[i] !== quote && text[i] !== "\n") i += text[i] === "\\" ? 2 : 1;
    i++;
  };
  const skipTemplate = () => {
    // i is just after a backtick or a closing `}` of `${…}`
    while (i < n) {
      if (text[i] === "\\") i += 2;
      else if (text[i] === "`") {
        i++;
        return;
      } else if (text[i] === "$" && text[i + 1] === "{") {
        i += 2;
        templateDepth.push(braces);
        braces++;
        return;
      } else i++;
    }
  };
  while (i < n) {
    const c = text[i];
    if (c === "/" && text[i + 1] === "/") {
      const end = text.indexOf("\n", i);
      const stop = end === -1 ? n : end;
      blank(i, stop);
      i = stop;
      continue;
    }
    if (c === "/" && text[i + 1] === "*") {
      const end = text.indexOf("*/", i + 2);
      const stop = end === -1 ? n : end + 2;
      blank(i, stop);
      i = stop;
      continue;
    }
    if (c === '"' || c === "'") {
      skipString(c);
      lastSignificant = "a";
      continue;
    }
    if (c === "`") {
      i++;
      skipTemplate();
      lastSignificant = "a";
      continue;
    }
    if (c === "{") {
      braces++;
    } else if (c === "}") {
      braces--;
      if (templateDepth.length && templateDepth[templateDepth.length - 1] === braces) {
        templateDepth.pop();
        i++;
        skipTemplate();
        lastSignificant = "a";
        continue;
      }
    } else if (c === "/") {
      // A regular expression where an operand is expected.
      const word = /(?:^|[^\w$])(return|typeof|case|in|of|void|throw)\s*$/.test(
        text.slice(Math.max(0, i - 12), i),
      );
      if (lastSignificant === "" || "(,=:[!&|?{};+-*%<>~^".includes(lastSignificant) || word) {
        i++;
        let inClass = false;
        while (i < n && text[i] !== "\n") {
          if (text[i] === "\\") i += 2;
          else if (text[i] === "[") (inClass = true), i++;
          else if (text[i] === "]") (inClass = false), i++;
          else if (text[i] === "/" && !inClass) break;
          else i++;
        }
        i++;
        lastSignificant = "a";
        continue;
      }
    }
    if (!/\s/.test(c)) lastSignificant = /[\w$)\]]/.test(c) ? "a" : c;
    i++;
  }
  return out.join("");
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let k = 0; k < offset; k++) if (text.charCodeAt(k) === 10) line++;
  return line;
}

export interface Import {
  readonly specifier: string;
  readonly line: number;
  /** `import type …`, `export type … from`, or every named binding marked `type`. */
  readonly typeOnly: boolean;
}

/** Static imports and re-exports, side-effect imports and literal dynamic `import("…")`. */
export function importsOf(code: string): Import[] {
  const found: Import[] = [];
  const statement =
    /(?:^|[;}\n])[ \t]*(import|export)(\s+type)?\s+(?:([\w$*{}\s,]+?)\s+from\s*)?(["'])([^"'\n]+)\4/g;
  for (const m of code.matchAll(statement)) {
    if (m[1] === "export" && m[3] === undefined) continue; // `export "x"` is not a thing
    const bindings = m[3] ?? "";
    const named = /^\s*\{([\s\S]*)\}\s*$/.exec(bindings);
    const allTypes = named !== null &&
      named[1].split(",").map((s) => s.trim()).filter(Boolean).every((s) =>
        s.startsWith("type ")
      ) && named[1].trim() !== "";
    const at = m.index! + m[0].indexOf(m[1]);
    found.push({
      specifier: m[5],
      line: lineAt(code, at),
      typeOnly: m[2] !== undefined || allTypes,
    });
  }
  for (const m of code.matchAll(/\bimport\(\s*(["'])([^"'\n]+)\1\s*\)/g)) {
    found.push({ specifier: m[2], line: lineAt(code, m.index!), typeOnly: false });
  }
  return found;
}

/** `from` + `specifier` as a path from the project root, or null for a package. */
export function resolve(from: string, specifier: string): string | null {
  if (!specifier.startsWith("./") && !specifier.startsWith("../")) return null;
  const parts = from.split("/").slice(0, -1);
  for (const piece of specifier.split("/")) {
    if (piece === "..") parts.pop();
    else if (piece !== ".") parts.push(piece);
  }
  return parts.join("/");
}

/** The node of the core graph a core path belongs to: its folder, or the root file itself. */
export function nodeOf(path: string): string | null {
  const m = /^core\/([^/]+)(\/.*)?$/.exec(path);
  if (!m) return null;
  return m[1];
}

function isStore(path: string): boolean {
  return path.startsWith("core/db/") || /(^|\/)(store|[\w]+_store)\.ts$/.test(path);
}

/** Offset just after the parenthesis closing the one opened at `open`. */
function closingParen(code: string, open: number): number {
  let depth = 0;
  for (let k = open; k < code.length; k++) {
    const c = code[k];
    if (c === '"' || c === "'" || c === "`") {
      k++;
      while (k < code.length && code[k] !== c) k += code[k] === "\\" ? 2 : 1;
      continue;
    }
    if (c === "(") depth++;
    else if (c === ")" && --depth === 0) return k + 1;
  }
  return code.length;
}

/** The type written at `start` of `text` (after an `as`), up to where the expression goes on. */
function typeAt(text: string, start: number): string {
  let depth = 0;
  let k = start;
  for (; k < text.length; k++) {
    const c = text[k];
    if ("<{[(".includes(c)) depth++;
    else if (">}])".includes(c)) {
      if (depth === 0) break;
      depth--;
    } else if (depth === 0 && ";,:?=\n".includes(c)) break;
  }
  const type = text.slice(start, k).trim().replace(/\s+/g, " ");
  return type.length > 50 ? `${type.slice(0, 49)}…` : type;
}

/** The table names of core/db/schema.ts's `Database` interface. */
export function tablesOf(schema: string): string[] {
  const body = /export interface Database \{([\s\S]*?)\n\}/.exec(schema)?.[1] ?? "";
  return [...body.matchAll(/^\s*(\w+)\s*:/gm)].map((m) => m[1]);
}

// ---------------------------------------------------------------------------------------------
// The rules

/** Every violation of the rules in `files` (path from the project root → text). */
export function checkArchitecture(files: ReadonlyMap<string, string>): Violation[] {
  const violations: Violation[] = [];
  const report = (rule: Rule, file: string, line: number, message: string) =>
    violations.push({ rule, file, line, message });

  const layerOf = new Map<string, number>();
  LAYERS.forEach((nodes, layer) => nodes.forEach((node) => layerOf.set(node, layer)));
  const tables = tablesOf(files.get("core/db/schema.ts") ?? "");
  const tableWord = tables.length
    ? new RegExp(`(?<![\\w.$"'])"?(${tables.join("|")})"?(?![\\w$(])`)
    : null;

  /** node → node → the imports making that edge (for the cycle report). */
  const edges = new Map<string, Map<string, { file: string; line: number }[]>>();
  /** table → folder → where it is written. */
  const writers = new Map<string, Map<string, { file: string; line: number }[]>>();
  const unplaced = new Map<string, { file: string; line: number }>();

  for (const [file, text] of [...files].sort(([a], [b]) => a.localeCompare(b))) {
    const code = stripComments(text);
    const imports = importsOf(code);

    if (file.startsWith("core/")) {
      const from = nodeOf(file)!;
      const fromLayer = layerOf.get(from);
      if (fromLayer === undefined && !unplaced.has(from)) unplaced.set(from, { file, line: 1 });
      for (const imp of imports) {
        const target = resolve(file, imp.specifier);
        if (from === "shared") {
          if (target === null ? imp.specifier !== "valibot" : !target.startsWith("core/shared/")) {
            report(
              "layer",
              file,
              imp.line,
              `core/shared/ imports only valibot and itself, not « ${imp.specifier} »`,
            );
          }
          continue;
        }
        if (target === null || !target.startsWith("core/")) {
          if (target !== null && !target.startsWith("migrations/")) {
            report("layer", file, imp.line, `core/ imports « ${imp.specifier} » outside core/`);
          }
          continue;
        }
        const to = nodeOf(target)!;
        if (to === from) continue;
        const toLayer = layerOf.get(to);
        if (from === "deps.ts") {
          if (!imp.typeOnly) {
            report("layer", file, imp.line, `core/deps.ts imports types only (« import type »)`);
          }
          if (toLayer === undefined || toLayer > DEPS_MAX_LAYER) {
            report(
              "layer",
              file,
              imp.line,
              `core/deps.ts names types of base and platform layers only, not of ${label(to)}`,
            );
          }
          continue; // left out of the cycle search (see the top of this file)
        }
        if (fromLayer !== undefined && toLayer !== undefined && toLayer > fromLayer) {
          report(
            "layer",
            file,
            imp.line,
            `${label(from)} (layer ${fromLayer + 1}) imports ${label(to)} (layer ${
              toLayer + 1
            }), a higher layer`,
          );
        }
        const out = edges.get(from) ?? new Map();
        edges.set(from, out);
        const list = out.get(to) ?? [];
        out.set(to, list);
        list.push({ file, line: imp.line });
      }

      // query: builders and table-naming sql templates outside stores
      const store = isStore(file);
      for (const m of code.matchAll(new RegExp(`\\b(${QUERY_CALLS.join("|")})\\s*\\(`, "g"))) {
        const line = lineAt(code, m.index!);
        if (!store) report("query", file, line, `${m[1]}( outside a store`);
        if (WRITE_CALLS.includes(m[1])) {
          const arg = /^\s*(["'])([\w]+)(?:\s+as\s+\w+)?\1/.exec(
            code.slice(m.index! + m[0].length),
          );
          if (arg) {
            const byFolder = writers.get(arg[2]) ?? new Map();
            writers.set(arg[2], byFolder);
            const list = byFolder.get(from) ?? [];
            byFolder.set(from, list);
            list.push({ file, line });
          }
        }
      }
      for (const m of code.matchAll(/\bsql(?:<[^`]*?>)?`((?:\\.|[^`\\])*)`/g)) {
        const written =
          /\b(?:insert\s+(?:or\s+\w+\s+)?into|replace\s+into|update|delete\s+from)\s+"?(\w+)/gi;
        for (const w of m[1].matchAll(written)) {
          if (!tables.includes(w[1])) continue;
          const byFolder = writers.get(w[1]) ?? new Map();
          writers.set(w[1], byFolder);
          const list = byFolder.get(from) ?? [];
          byFolder.set(from, list);
          list.push({ file, line: lineAt(code, m.index!) });
        }
      }
      if (!store && tableWord) {
        for (const m of code.matchAll(/\bsql(?:<[^`]*?>)?`((?:\\.|[^`\\])*)`/g)) {
          const named = tableWord.exec(m[1].replace(/\$\{[^}]*\}/g, " "));
          if (named && /\b(from|join|into|update|table|exists)\b/i.test(m[1])) {
            report(
              "query",
              file,
              lineAt(code, m.index!),
              `sql template on table « ${named[1]} » outside a store`,
            );
          }
        }
        for (const m of code.matchAll(/\bsql\.table\s*\(/g)) {
          report("query", file, lineAt(code, m.index!), "sql.table( outside a store");
        }
        // raw SQL handed to sql.raw or to SQLite's prepare
        const rawSql = /(\bsql\.raw|\.prepare)\s*\(\s*(["'`])((?:\\.|(?!\2)[^\\])*)\2/g;
        for (const m of code.matchAll(rawSql)) {
          const named = tableWord.exec(m[3].replace(/\$\{[^}]*\}/g, " "));
          if (named && /\b(from|join|into|update|table|exists)\b/i.test(m[3])) {
            report(
              "query",
              file,
              lineAt(code, m.index!),
              `${m[1].replace(/^\./, "")}( on table « ${named[1]} » outside a store`,
            );
          }
        }
      }

      // json: JSON.parse(…) as T
      for (const m of code.matchAll(/\bJSON\.parse\s*\(/g)) {
        const end = closingParen(code, m.index! + m[0].length - 1);
        const after = code.slice(end, end + 300);
        const cast = /^\s*as\s+/.exec(after);
        if (!cast || /^\s*as\s+unknown\b(?!\s*as\b)/.test(after)) continue;
        report(
          "json",
          file,
          lineAt(code, m.index!),
          `JSON.parse(…) as ${typeAt(after, cast[0].length)}: read it through a valibot codec`,
        );
      }
    } else if (file.startsWith("plugins/")) {
      const uiHalf = /\/ui[\w]*\.tsx$/.test(file);
      for (const imp of imports) {
        const target = resolve(file, imp.specifier);
        if (target === null) continue;
        if (uiHalf) {
          if (
            (target.startsWith("core/") || target.startsWith("ui/")) &&
            target !== "ui/plugin_sdk.ts"
          ) {
            report(
              "plugin",
              file,
              imp.line,
              `a plugin's UI imports only ui/plugin_sdk.ts, not « ${target} »`,
            );
          }
        } else if (target.startsWith("ui/")) {
          report("plugin", file, imp.line, `a plugin's server half imports « ${target} »`);
        } else if (target.startsWith("core/") && target !== "core/plugin_sdk/mod.ts") {
          report(
            "plugin",
            file,
            imp.line,
            `a plugin imports only core/plugin_sdk/mod.ts, not « ${target} »`,
          );
        }
      }
    } else if (file.startsWith("ui/")) {
      for (const imp of imports) {
        const target = resolve(file, imp.specifier);
        if (target === null || !target.startsWith("core/")) continue;
        if (target.startsWith("core/shared/")) continue;
        if (target === "core/api/router.ts" && imp.typeOnly) continue;
        report(
          "ui",
          file,
          imp.line,
          `the browser imports from core/ only core/shared/ (and the AppRouter type), not « ${target} »`,
        );
      }
    }
  }

  for (const [node, at] of unplaced) {
    report("layer", at.file, at.line, `${label(node)} is in no layer of README « Layout »`);
  }

  // cycle: every pair of nodes importing each other, then every larger loop (strongly
  // connected component) as one report naming its members and the imports inside it
  const where = (list: { file: string; line: number }[]) =>
    `${list.slice(0, 3).map((w) => `${w.file}:${w.line}`).join(", ")}${
      list.length > 3 ? `, +${list.length - 3}` : ""
    }`;
  for (const component of stronglyConnected(edges)) {
    const members = [...component].sort();
    const inside: string[] = [];
    for (const from of members) {
      for (
        const [to, list] of [...(edges.get(from) ?? [])].sort(([a], [b]) => a.localeCompare(b))
      ) {
        if (!members.includes(to)) continue;
        inside.push(`${label(from)} → ${label(to)} (${where(list)})`);
        const back = edges.get(to)?.get(from);
        if (back && from < to) {
          report(
            "cycle",
            list[0].file,
            list[0].line,
            `${label(from)} and ${label(to)} import each other: ${label(from)} → ${label(to)} (${
              where(list)
            }); ${label(to)} → ${label(from)} (${where(back)})`,
          );
        }
      }
    }
    if (members.length > 2) {
      const first = edges.get(members[0])!;
      const [, list] = [...first].find(([to]) => members.includes(to))!;
      report(
        "cycle",
        list[0].file,
        list[0].line,
        `a loop through ${members.length} nodes: ${members.map(label).join(", ")}\n    ${
          inside.join("\n    ")
        }`,
      );
    }
  }

  // owner: one writing folder per table
  for (const [table, byFolder] of [...writers].sort(([a], [b]) => a.localeCompare(b))) {
    if (byFolder.size < 2) continue;
    const list = [...byFolder].sort(([a], [b]) => a.localeCompare(b));
    const [file, line] = [list[0][1][0].file, list[0][1][0].line];
    report(
      "owner",
      file,
      line,
      `table « ${table} » written from ${byFolder.size} folders: ${
        list.map(([folder, where]) =>
          `${label(folder)} (${where.slice(0, 3).map((w) => `${w.file}:${w.line}`).join(", ")}${
            where.length > 3 ? `, +${where.length - 3}` : ""
          })`
        ).join(", ")
      }`,
    );
  }

  return violations;
}

function label(node: string): string {
  return node.endsWith(".ts") ? `core/${node}` : `core/${node}/`;
}

/** Tarjan's algorithm: the components of more than one node. */
function stronglyConnected(edges: Map<string, Map<string, unknown>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const result: string[][] = [];
  let next = 0;
  const nodes = new Set<string>();
  for (const [from, out] of edges) {
    nodes.add(from);
    for (const to of out.keys()) nodes.add(to);
  }
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of (edges.get(v) ?? new Map()).keys()) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) result.push(component);
    }
  };
  for (const v of [...nodes].sort()) if (!index.has(v)) visit(v);
  return result;
}

/** Counts per rule and per folder (or root file, or top folder outside core/). */
export function summarize(violations: readonly Violation[]): string {
  const perRule = new Map<Rule, Map<string, number>>();
  for (const v of violations) {
    const where = v.file.startsWith("core/")
      ? label(nodeOf(v.file)!)
      : v.file.split("/").slice(0, 2).join("/") + (v.file.split("/").length > 2 ? "/" : "");
    const byWhere = perRule.get(v.rule) ?? new Map<string, number>();
    perRule.set(v.rule, byWhere);
    byWhere.set(where, (byWhere.get(where) ?? 0) + 1);
  }
  const lines: string[] = [];
  for (const [rule, byWhere] of [...perRule].sort(([a], [b]) => a.localeCompare(b))) {
    const total = [...byWhere.values()].reduce((a, b) => a + b, 0);
    lines.push(`${rule}: ${total}`);
    for (const [where, count] of [...byWhere].sort(([, a], [, b]) => b - a)) {
      lines.push(`  ${String(count).padStart(4)}  ${where}`);
    }
  }
  lines.push(`total: ${violations.length}`);
  return lines.join("\n");
}

if (import.meta.main) {
  const root = new URL("..", import.meta.url).pathname.replace(/\/$/, "");
  const violations = checkArchitecture(await readTree(root));
  if (violations.length === 0) {
    console.log("architecture: ok");
    Deno.exit(0);
  }
  for (const v of violations) console.log(`${v.file}:${v.line}  [${v.rule}] ${v.message}`);
  if (Deno.args.includes("--summary")) console.log(`\n${summarize(violations)}`);
  console.log(`\narchitecture: ${violations.length} violation(s) — see README « Layout »`);
  Deno.exit(1);
}
