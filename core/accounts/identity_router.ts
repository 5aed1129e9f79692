/**
 * tRPC procedures of identity providers: `auth.identity.*` (the sign-in page's providers, a
 * link waiting for proof, « Mon compte »'s linked identities) and
 * `superadmin.identityProviders.*`. The flow itself goes through plain HTTP redirects
 * (`/connexion/fournisseur/:id`, core/app.ts).
 */
import * as m from "./identity_model.ts";
import * as identity from "./identity.ts";
import * as linking from "./identity_linking.ts";
import * as admin from "./identity_providers.ts";
import { type Context, publicProcedure, router } from "../rpc/trpc.ts";

const clientOf = (ctx: Context) => ({
  ip: ctx.ip,
  userAgent: ctx.userAgent,
  previousSessionId: ctx.actor?.sessionId,
});

export const identityRouter = router({
  /** The providers offered on the sign-in page. */
  providers: publicProcedure.query(({ ctx }) => identity.signInProviders(ctx.deps)),
  pending: publicProcedure.input(m.pendingInput).query(({ ctx, input }) =>
    linking.pendingLinkInfo(ctx.deps, input)
  ),
  /** Proves the address with the account's password; `signedIn` false: the code is asked. */
  confirmWithPassword: publicProcedure.input(m.pendingPasswordInput).mutation(
    async ({ ctx, input }) => {
      const result = await linking.confirmPendingWithPassword(ctx.deps, input, clientOf(ctx));
      if (result.session) ctx.setSession(result.session);
      return { signedIn: result.session !== null, retour: result.retour };
    },
  ),
  sendEmail: publicProcedure.input(m.pendingInput).mutation(async ({ ctx, input }) => {
    await linking.sendPendingEmail(ctx.deps, input);
    return { ok: true as const };
  }),
  confirmWithEmail: publicProcedure.input(m.pendingEmailInput).mutation(
    async ({ ctx, input }) => {
      const result = await linking.confirmPendingWithEmail(ctx.deps, input, clientOf(ctx));
      if (result.session) ctx.setSession(result.session);
      return { signedIn: result.session !== null, retour: result.retour };
    },
  ),
  links: publicProcedure.query(({ ctx }) => identity.listIdentityLinks(ctx.deps, ctx.actor)),
  removeLink: publicProcedure.input(m.linkIdInput).mutation(async ({ ctx, input }) => {
    await identity.removeIdentityLink(ctx.deps, ctx.actor, input);
    return { ok: true as const };
  }),
});

export const identityProvidersAdminRouter = router({
  kinds: publicProcedure.query(({ ctx }) => admin.providerKinds(ctx.deps, ctx.actor)),
  list: publicProcedure.query(({ ctx }) => admin.listProvidersAdmin(ctx.deps, ctx.actor)),
  save: publicProcedure.input(m.providerInput).mutation(({ ctx, input }) =>
    admin.saveProvider(ctx.deps, ctx.actor, input)
  ),
  delete: publicProcedure.input(m.providerIdInput).mutation(async ({ ctx, input }) => {
    await admin.deleteProvider(ctx.deps, ctx.actor, input);
    return { ok: true as const };
  }),
});
