/**
 * The yardstick: a `Deno.serve` handler doing by hand what `GET /trpc/auth.session` does —
 * read the cookie, hash the token, look the session up with one prepared `node:sqlite`
 * statement, answer the same JSON body with the same headers. No framework, no router.
 */
import { createHash } from "node:crypto";
import { DatabaseSync } from "node:sqlite";

const SESSION_SQL = `select u.id, u.email, u.totp_enabled_at, s.last_seen_at,
  (select group_concat(role) from user_roles r where r.user_id = u.id) as roles
  from sessions s join users u on u.id = s.user_id
  where s.id = ? and s.expires_at > ?`;

/** Idle limits of core/accounts/model.ts: 2 hours with a role reaching others' data, else 7 days. */
const IDLE_POWERFUL_MS = 2 * 3_600_000;
const IDLE_USAGER_MS = 7 * 86_400_000;

export const HEADERS = {
  "content-type": "application/json",
  "x-content-type-options": "nosniff",
  "referrer-policy": "same-origin",
  "x-frame-options": "DENY",
};

export function cookieValue(header: string | null, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

export interface SessionAccount {
  readonly id: number;
  readonly email: string;
  readonly roles: string[];
  readonly secondFactor: boolean;
}

/** The signed-in account of a request, read by hand with one prepared statement of `db`. */
export function sessionReader(db: DatabaseSync): (request: Request) => SessionAccount | null {
  const stmt = db.prepare(SESSION_SQL);
  return (request) => {
    const token = cookieValue(request.headers.get("cookie"), "guichet_session");
    let data = null;
    if (token) {
      const id = createHash("sha256").update(token).digest("hex");
      const now = new Date();
      const row = stmt.get(id, now.toISOString()) as
        | {
          id: number;
          email: string;
          totp_enabled_at: string | null;
          last_seen_at: string;
          roles: string | null;
        }
        | undefined;
      const roles = ["usager", ...(row?.roles?.split(",") ?? [])];
      const idleLimit = roles.some((r) => r !== "usager" && r !== "expert")
        ? IDLE_POWERFUL_MS
        : IDLE_USAGER_MS;
      if (row && now.getTime() - Date.parse(row.last_seen_at) <= idleLimit) {
        data = { id: row.id, email: row.email, roles, secondFactor: row.totp_enabled_at !== null };
      }
    }
    return data;
  };
}

/** A handler over the SQLite file at `path`; `close` releases its connection. */
export function bareHandler(path: string) {
  const db = new DatabaseSync(path, { readOnly: true });
  const session = sessionReader(db);
  const handler = (request: Request): Response => {
    const data = session(request);
    return new Response(JSON.stringify({ result: { data } }), { headers: HEADERS });
  };
  return { handler, close: () => db.close() };
}
