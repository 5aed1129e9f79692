/**
 * Serves the built SolidJS app. Hashed assets are cached for a year; every other GET that
 * is not a file gets `index.html`, so deep links (`/commencer/<path>`) reach the router.
 *
 * `deno task build` writes a brotli (`.br`) and a gzip (`.gz`) copy beside each text file
 * (`vite.config.ts`); the copy the browser accepts (`Accept-Encoding`) is sent with its
 * `Content-Encoding`, every such answer says `Vary: Accept-Encoding`, and each copy has its own
 * ETag, so a revalidation (`If-None-Match`) answers 304 without a byte of body.
 *
 * The page sent for a deep link is `index.html` naming, for preloading, the chunks of the
 * space the path belongs to (`core/shared/spaces.ts`, the build's `.vite/manifest.json`):
 * `/commencer/<path>` fetches the usager's chunks beside the entry instead of after it.
 */
import type { Hono } from "hono";
import * as v from "valibot";
import { extname, join, normalize } from "node:path";
import { acceptedEncoding, compress, type Encoding } from "./api/compression.ts";
import { type Space, spaceOf } from "./shared/spaces.ts";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".json": "application/json",
};

/** Files the build compresses (`vite.config.ts`); images and fonts are compressed already. */
export const COMPRESSIBLE = [".html", ".js", ".css", ".svg", ".json"];

const SUFFIX: Record<Encoding, string> = { br: ".br", gzip: ".gz" };

/** The file at `path` under `dir`, open with its size and date, or null when there is none. */
async function openFile(
  dir: string,
  path: string,
): Promise<{ file: Deno.FsFile; info: Deno.FileInfo } | null> {
  let file: Deno.FsFile;
  try {
    file = await Deno.open(join(dir, path), { read: true });
  } catch {
    return null;
  }
  // Opening a folder succeeds; reading it would break the connection mid-answer.
  const info = await file.stat();
  if (info.isFile) return { file, info };
  file.close();
  return null;
}

/** An ETag naming this copy of the file: its encoding, size and date of writing. */
function etagOf(info: Deno.FileInfo, encoding: Encoding | null): string {
  const mtime = info.mtime?.getTime() ?? 0;
  return `"${info.size.toString(36)}-${mtime.toString(36)}${encoding ? `-${encoding}` : ""}"`;
}

/** Whether `If-None-Match` names `etag` (or `*`); weak ETags compare by their opaque part. */
function matches(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(",").some((tag) => {
    const t = tag.trim();
    return t === "*" || t.replace(/^W\//, "") === etag;
  });
}

/**
 * The answer for the file at `path` under `dir`: its compressed copy when the request
 * accepts one and the build wrote it, else the file itself; 304 when the request already
 * holds this copy; null when there is no such file.
 */
async function serveFile(
  request: Request,
  dir: string,
  path: string,
  cacheControl: string,
): Promise<Response | null> {
  const ext = extname(path);
  const compressible = COMPRESSIBLE.includes(ext);
  const encoding = compressible ? acceptedEncoding(request.headers.get("accept-encoding")) : null;
  let opened = encoding ? await openFile(dir, path + SUFFIX[encoding]) : null;
  const used = opened ? encoding : null;
  opened ??= await openFile(dir, path);
  if (!opened) return null;
  const etag = etagOf(opened.info, used);
  const headers: Record<string, string> = {
    "content-type": TYPES[ext] ?? "application/octet-stream",
    "cache-control": cacheControl,
    etag,
  };
  if (compressible) headers["vary"] = "Accept-Encoding";
  if (matches(request.headers.get("if-none-match"), etag)) {
    opened.file.close();
    return new Response(null, { status: 304, headers });
  }
  if (used) headers["content-encoding"] = used;
  headers["content-length"] = String(opened.info.size);
  return new Response(opened.file.readable, { headers });
}

const ManifestSchema = v.record(
  v.string(),
  v.object({
    file: v.string(),
    imports: v.optional(v.array(v.string())),
    isEntry: v.optional(v.boolean()),
  }),
);
export type Manifest = v.InferOutput<typeof ManifestSchema>;

/**
 * The files of a space's chunk and of the chunks it imports, the entry's left out (the page
 * names it already): what `ui/routes.ts` loads when a page of that space first shows.
 */
export function spaceChunks(manifest: Manifest, space: Space): string[] {
  const seen = new Set<string>();
  const files: string[] = [];
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    const chunk = manifest[key];
    if (!chunk || chunk.isEntry) return;
    files.push(chunk.file);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  visit(`spaces/${space}.ts`);
  return files;
}

/** `index.html` with a `<link rel="modulepreload">` per file, before `</head>`. */
export function withPreloads(index: string, files: readonly string[]): string {
  const links = files.map((file) => `<link rel="modulepreload" crossorigin href="/${file}">`);
  return links.length === 0 ? index : index.replace("</head>", `${links.join("")}\n  </head>`);
}

interface SpacePage {
  readonly etag: string;
  readonly bodies: Readonly<Record<Encoding | "identity", Uint8Array<ArrayBuffer>>>;
}

/**
 * The page of each space, built from `index.html` and the manifest the first time it is
 * asked, and again whenever `index.html` changes (a new build).
 */
function spacePages(dir: string) {
  let built: { mtime: number; pages: Map<Space, SpacePage> } | undefined;
  return async (space: Space): Promise<SpacePage | null> => {
    let mtime: number;
    try {
      mtime = (await Deno.stat(join(dir, "index.html"))).mtime?.getTime() ?? 0;
    } catch {
      return null;
    }
    if (built?.mtime !== mtime) built = { mtime, pages: new Map() };
    const known = built.pages.get(space);
    if (known) return known;
    const index = await Deno.readTextFile(join(dir, "index.html")).catch(() => null);
    if (index === null) return null;
    const manifest = await Deno.readTextFile(join(dir, ".vite/manifest.json"))
      .then((text) => v.parse(ManifestSchema, JSON.parse(text)))
      .catch((): Manifest => ({})); // A build without its manifest: no preloads.
    const html = new TextEncoder().encode(withPreloads(index, spaceChunks(manifest, space)));
    const page: SpacePage = {
      etag: `${mtime.toString(36)}-${space}`,
      bodies: { identity: html, br: compress(html, "br"), gzip: compress(html, "gzip") },
    };
    built.pages.set(space, page);
    return page;
  };
}

/** The page of the space `path` belongs to, in the encoding the request accepts. */
function servePage(request: Request, page: SpacePage): Response {
  const encoding = acceptedEncoding(request.headers.get("accept-encoding"));
  const etag = `"${page.etag}${encoding ? `-${encoding}` : ""}"`;
  const headers: Record<string, string> = {
    "content-type": TYPES[".html"],
    "cache-control": "no-cache",
    vary: "Accept-Encoding",
    etag,
  };
  if (matches(request.headers.get("if-none-match"), etag)) {
    return new Response(null, { status: 304, headers });
  }
  if (encoding) headers["content-encoding"] = encoding;
  const body = page.bodies[encoding ?? "identity"];
  headers["content-length"] = String(body.byteLength);
  return new Response(body, { headers });
}

export function serveUi(app: Hono, dir: string): void {
  const pageOf = spacePages(dir);
  app.get("*", async (c) => {
    let decoded: string;
    try {
      decoded = decodeURIComponent(new URL(c.req.url).pathname);
    } catch {
      return c.text(
        "Requête mal formée : l’adresse est mal encodée (un « % » doit être suivi de deux chiffres hexadécimaux d’un caractère UTF-8). Vérifiez le lien.",
        400,
      );
    }
    const path = normalize(decoded);
    // `..` climbs out of the folder; `/.vite/` holds the build's manifest, not for browsers.
    if (path.includes("..") || path.includes("\0") || path.startsWith("/.")) {
      return c.text("Fichier introuvable.", 404);
    }
    if (path === "/assets" || path.startsWith("/assets/") || extname(path)) {
      const immutable = path.startsWith("/assets/");
      const res = await serveFile(
        c.req.raw,
        dir,
        path,
        immutable ? "public, max-age=31536000, immutable" : "no-cache",
      );
      return res ?? c.text("Fichier introuvable.", 404);
    }
    const page = await pageOf(spaceOf(path));
    return page ? servePage(c.req.raw, page) : c.text(
      "L’interface n’est pas construite : lancez « deno task build ».",
      503,
    );
  });
}
