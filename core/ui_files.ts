/**
 * Serves the built SolidJS app. Hashed assets are cached for a year; every other GET that
 * is not a file gets `index.html`, so deep links (`/commencer/<path>`) reach the router.
 *
 * `deno task build` writes a brotli (`.br`) and a gzip (`.gz`) copy beside each text file
 * (`vite.config.ts`); the copy the browser accepts (`Accept-Encoding`) is sent with its
 * `Content-Encoding`, every such answer says `Vary: Accept-Encoding`, and each copy has its own
 * ETag, so a revalidation (`If-None-Match`) answers 304 without a byte of body.
 */
import type { Hono } from "hono";
import { extname, join, normalize } from "node:path";
import { acceptedEncoding, type Encoding } from "./api/compression.ts";

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

export function serveUi(app: Hono, dir: string): void {
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
    if (path.includes("..") || path.includes("\0")) return c.text("Fichier introuvable.", 404);
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
    const index = await serveFile(c.req.raw, dir, "/index.html", "no-cache");
    return index ??
      c.text("L’interface n’est pas construite : lancez « deno task build ».", 503);
  });
}
