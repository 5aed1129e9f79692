/**
 * « Sessions actives » on « Mon compte »: the account's open sessions (where and when), and
 * closing one of them or all but the current one. One sees and closes only one's own.
 */
import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";
import { type Actor, authorize } from "../policy/mod.ts";
import { sessionIdleLimitMs } from "./model.ts";
import * as store from "./store.ts";
import { describeUserAgent } from "./user_agent.ts";

/** The signed-in account's sessions still in force, the current one marked, newest use first. */
export async function listSessions(deps: Deps, actor: Actor | null) {
  const me = authorize(actor, "sessions.gerer", { ownerId: actor?.userId });
  const now = deps.clock();
  const idleLimit = sessionIdleLimitMs(me.roles);
  const rows = await store.listSessionsOf(deps.db, me.userId, now.toISOString());
  return rows
    .filter((row) => now.getTime() - Date.parse(row.last_seen_at) <= idleLimit)
    .map((row) => {
      const current = row.id === me.sessionId;
      return {
        id: row.id,
        current,
        createdAt: row.created_at,
        // The current session is in use right now; its recorded time may be a minute old.
        lastSeenAt: current ? now.toISOString() : row.last_seen_at,
        browser: describeUserAgent(row.user_agent),
        ip: row.ip,
      };
    })
    .sort((a, b) => Number(b.current) - Number(a.current));
}

/** Closes one of one's other sessions: the browser that held it is signed out. */
export async function closeSession(deps: Deps, actor: Actor | null, input: { id: string }) {
  authorize(actor, "compte.lire");
  const session = await store.findSession(deps.db, input.id);
  if (!session) {
    throw new AppError("NOT_FOUND", "Cette session est déjà fermée : rechargez la liste.");
  }
  const me = authorize(actor, "sessions.gerer", { ownerId: session.user_id });
  if (session.id === me.sessionId) {
    throw new AppError(
      "BAD_REQUEST",
      "C’est la session que vous utilisez : pour la fermer, choisissez « Se déconnecter ».",
    );
  }
  await store.deleteSession(deps.db, session.id);
}

/** « Fermer toutes les autres sessions »: only the current one stays open. */
export async function closeOtherSessions(deps: Deps, actor: Actor | null) {
  const me = authorize(actor, "sessions.gerer", { ownerId: actor?.userId });
  await store.deleteSessionsOf(deps.db, me.userId, me.sessionId);
}
