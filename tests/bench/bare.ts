/**
 * The yardstick: a `Deno.serve` handler doing by hand what `GET /trpc/auth.session` does —
 * read the cookie, hash the token, look the session up with one prepared `node:sqlite`
 * statement, answer the same JSON body with the same headers. No framework, no router.
 */
import { createHash } from "node:crypto";
import { DatabaseSync } from "node:sqlite";

const SESSION_SQL = `select u.id, u.email,
  (select group_concat(role) from user_roles r where r.user_id = u.id) as roles
  from sessions s join users u on u.id = s.user_id
  where s.id = ? and s.expires_at > ?`;

const HEADERS = {
  "content-type": "application/json",
  "x-content-type-options": "nosniff",
  "referrer-policy": "same-origin",
  "x-frame-options": "DENY",
};

function cookieValue(header: string | null, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

/** A handler over the SQLite file at `path`; `close` releases its connection. */
export function bareHandler(path: string) {
  const db = new DatabaseSync(path, { readOnly: true });
  const stmt = db.prepare(SESSION_SQL);
  const handler = (request: Request): Response => {
    const token = cookieValue(request.headers.get("cookie"), "guichet_session");
    let data = null;
    if (token) {
      const id = createHash("sha256").update(token).digest("hex");
      const row = stmt.get(id, new Date().toISOString()) as
        | { id: number; email: string; roles: string | null }
        | undefined;
      if (row) {
        data = {
          id: row.id,
          email: row.email,
          roles: ["usager", ...(row.roles?.split(",") ?? [])],
        };
      }
    }
    return new Response(JSON.stringify({ result: { data } }), { headers: HEADERS });
  };
  return { handler, close: () => db.close() };
}
