/**
 * Accounts of people invited by e-mail (instructeurs, experts, invités of a dossier, accepted
 * administrators) and the roles that follow from memberships.
 */
import * as v from "valibot";
import type { Deps } from "../deps.ts";
import * as store from "./store.ts";
import { issueToken, link, type Trx } from "./_shared.ts";
import { type InvitationContext, invitationContextSchema } from "./model.ts";
import { recordEvent } from "../audit/service.ts";

/**
 * The account of someone invited by e-mail (instructeur, expert, invité, administrator),
 * created without a password when it does not exist. Returns the link the invitation e-mail
 * should carry: sign in for a confirmed account, else set a password. An unconfirmed
 * account's password was chosen by whoever signed up with the address, perhaps not its
 * owner: it is dropped with its confirmation links, so only the invitation's link sets one.
 * `link(context)` gives the link the invitation e-mail carries: it leads to `context.retour`
 * (the dossier, the avis…) once the person is in, and the password page says who invites
 * them to what.
 *
 * @example
 * ```ts
 * const account = await ensureInvitedAccount(deps, trx, "expert@exemple.fr");
 * const link = await account.link({ kind: "avis", retour: "/avis/7", par: me.email });
 * ```
 */
export async function ensureInvitedAccount(
  deps: Deps,
  trx: Trx,
  email: string,
): Promise<InvitedAccount> {
  const now = deps.clock().toISOString();
  const existing = await store.findUserByEmail(trx, email);
  if (existing?.email_verified_at && existing.password_hash) {
    return {
      userId: existing.id,
      isNew: false,
      // The page itself asks a signed-out visitor to sign in, then shows itself.
      link: (context) => Promise.resolve(link(deps, context.retour)),
    };
  }
  if (existing) {
    if (existing.password_hash) {
      await store.updateUser(trx, existing.id, { passwordHash: null, now });
    }
    await store.voidTokens(trx, existing.id, "confirmation", now);
  }
  const userId = existing?.id ??
    await store.insertUser(trx, { email, passwordHash: null, verifiedAt: null, now });
  return {
    userId,
    isNew: true,
    async link(context) {
      // Invited to several démarches before signing in: every invitation's link stays valid.
      const token = await issueToken(deps, trx, "definition_mot_de_passe", {
        userId,
        keepEarlier: true,
        context: JSON.stringify(v.parse(invitationContextSchema, context)),
      });
      return link(deps, "/mot-de-passe/nouveau", token);
    },
  };
}

/** An invited person's account, and the link their invitation e-mail carries. */
export interface InvitedAccount {
  readonly userId: number;
  /** No password yet: the link sets one (else it signs in). */
  readonly isNew: boolean;
  link(context: InvitationContext): Promise<string>;
}

/** Grants or withdraws a role that follows from memberships (instructeur, expert). */
export async function setDerivedRole(
  deps: Deps,
  trx: Trx,
  userId: number,
  role: "instructeur" | "expert",
  on: boolean,
): Promise<void> {
  const changed = on
    ? await store.grantRole(trx, userId, role, deps.clock().toISOString())
    : await store.revokeRole(trx, userId, role);
  // Who caused it is the membership's event, recorded beside it.
  if (changed) {
    await recordEvent(deps, trx, {
      action: on ? "role.attribue" : "role.retire",
      actor: null,
      target: { type: "compte", id: userId },
      details: { role },
    });
  }
}
