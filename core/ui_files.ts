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

export function serveUi(app: Hono, dir: string): void {
  let index: string | undefined;
  app.get("*", async (c) => {
    const path = normalize(decodeURIComponent(new URL(c.req.url).pathname));
    if (path.includes("..")) return c.notFound();
    if (path.startsWith("/assets/") || extname(path)) {
      try {
        const file = await Deno.open(join(dir, path), { read: true });
        const immutable = path.startsWith("/assets/");
        return new Response(file.readable, {
          headers: {
            "content-type": TYPES[extname(path)] ?? "application/octet-stream",
            "cache-control": immutable ? "public, max-age=31536000, immutable" : "no-cache",
          },
        });
      } catch {
        return c.text("Fichier introuvable.", 404);
      }
    }
    index ??= await Deno.readTextFile(join(dir, "index.html")).catch(() => undefined);
    if (!index) {
      return c.text("L’interface n’est pas construite : lancez « deno task build ».", 503);
    }
    return c.html(index, 200, { "cache-control": "no-cache" });
  });
}
