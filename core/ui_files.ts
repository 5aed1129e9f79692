/**
 * Serves the built SolidJS app. Hashed assets are cached for a year; every other GET that
 * is not a file gets `index.html`, so deep links (`/commencer/<path>`) reach the router.
 */
import type { Hono } from "hono";
import { extname, join, normalize } from "node:path";

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

/** The file at `path` under `dir`, open, or null when there is no such file (or a folder). */
async function openFile(dir: string, path: string): Promise<Deno.FsFile | null> {
  let file: Deno.FsFile;
  try {
    file = await Deno.open(join(dir, path), { read: true });
  } catch {
    return null;
  }
  // Opening a folder succeeds; reading it would break the connection mid-answer.
  if ((await file.stat()).isFile) return file;
  file.close();
  return null;
}

export function serveUi(app: Hono, dir: string): void {
  let index: string | undefined;
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
      const file = await openFile(dir, path);
      if (!file) return c.text("Fichier introuvable.", 404);
      const immutable = path.startsWith("/assets/");
      return new Response(file.readable, {
        headers: {
          "content-type": TYPES[extname(path)] ?? "application/octet-stream",
          "cache-control": immutable ? "public, max-age=31536000, immutable" : "no-cache",
        },
      });
    }
    index ??= await Deno.readTextFile(join(dir, "index.html")).catch(() => undefined);
    if (!index) {
      return c.text("L’interface n’est pas construite : lancez « deno task build ».", 503);
    }
    return c.html(index, 200, { "cache-control": "no-cache" });
  });
}
