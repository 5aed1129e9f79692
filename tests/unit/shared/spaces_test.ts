/**
 * Which space a path belongs to (`core/shared/spaces.ts`), as the server reads it to name the
 * chunks to preload, agrees with the chunk each route of `ui/routes.ts` loads its page from;
 * and the preload links a space's page gets, from a build's manifest.
 */
import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import { type Space, spaceOf, SPACES } from "../../../core/shared/spaces.ts";
import { type Manifest, spaceChunks, withPreloads } from "../../../core/ui_files.ts";

const test = suite("spaces");

/** The loader name of each space in `ui/routes.ts`. */
const LOADERS: Record<string, Space> = {
  usager: "usager",
  dossier: "dossier",
  instruction: "instruction",
  administration: "administration",
  expert: "expert",
  superAdmin: "super_admin",
};

test("every route's page comes from the space its path belongs to", async () => {
  const source = await Deno.readTextFile(new URL("../../../ui/routes.ts", import.meta.url));
  const routes = [...source.matchAll(/path: "([^"]+)",\s*component: (\w+)\(/g)];
  assert.ok(routes.length >= 40, `only ${routes.length} routes read`);
  const seen = new Set<Space>();
  for (const [, path, loader] of routes) {
    const space = LOADERS[loader];
    assert.ok(space, `${path}: unknown loader ${loader}`);
    // A route's pattern (`:id`, `*404`) stands for any segment.
    const example = path.replace(/:\w+/g, "x").replace(/\*\w*/, "inconnue");
    assert.is(spaceOf(example), space, path);
    seen.add(space);
  }
  assert.equal([...seen].sort(), [...SPACES].sort());
});

test("paths that only look like a space's stay the usager's", () => {
  assert.is(spaceOf("/administrateur/demande"), "usager");
  assert.is(spaceOf("/avisxyz"), "usager");
  assert.is(spaceOf("/dossiers"), "usager");
  assert.is(spaceOf("/dossiers/12"), "dossier");
  assert.is(spaceOf("/admin"), "administration");
  assert.is(spaceOf("/installation"), "super_admin");
});

test("a space's page preloads its chunk and those it imports, never the entry", () => {
  const manifest: Manifest = {
    "index.html": { file: "assets/index-a.js", isEntry: true, imports: ["_shared-b.js"] },
    "_shared-b.js": { file: "assets/shared-b.js" },
    "_form-c.js": { file: "assets/form-c.js", imports: ["_shared-b.js", "index.html"] },
    "spaces/usager.ts": { file: "assets/usager-d.js", imports: ["index.html", "_shared-b.js"] },
    "spaces/dossier.ts": { file: "assets/dossier-e.js", imports: ["_form-c.js", "index.html"] },
  };
  assert.equal(spaceChunks(manifest, "usager"), ["assets/usager-d.js", "assets/shared-b.js"]);
  assert.equal(spaceChunks(manifest, "dossier"), [
    "assets/dossier-e.js",
    "assets/form-c.js",
    "assets/shared-b.js",
  ]);
  assert.equal(spaceChunks(manifest, "expert"), []);
  const html = withPreloads("<html><head><title>G</title></head><body></body></html>", [
    "assets/usager-d.js",
  ]);
  assert.match(
    html,
    '<link rel="modulepreload" crossorigin href="/assets/usager-d.js">\n  </head>',
  );
});

test.run();
