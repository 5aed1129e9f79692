/** tRPC procedures of accounts: `auth.*` for everyone, `superadmin.demandesAdmin.*`. */
import * as m from "./model.ts";
import * as service from "./service.ts";
import * as adminRequests from "./admin_requests.ts";
import * as sessions from "./sessions.ts";
import * as secondFactor from "./second_factor.ts";
import { providerLogoutUrl } from "./identity.ts";
import { identityRouter } from "./identity_router.ts";
import { type Context, publicProcedure, router } from "../rpc/trpc.ts";

/** The browser a new session is opened from, and the one it replaces (rotation). */
const clientOf = (ctx: Context) => ({
  ip: ctx.ip,
  userAgent: ctx.userAgent,
  previousSessionId: ctx.actor?.sessionId,
});

/** « Double authentification » on « Mon compte ». */
const secondFactorRouter = router({
  status: publicProcedure.query(({ ctx }) => secondFactor.secondFactorStatus(ctx.deps, ctx.actor)),
  start: publicProcedure.mutation(({ ctx }) => secondFactor.startTotp(ctx.deps, ctx.actor)),
  confirm: publicProcedure.input(m.totpCodeInput).mutation(({ ctx, input }) =>
    secondFactor.confirmTotp(ctx.deps, ctx.actor, input)
  ),
  renewRecoveryCodes: publicProcedure.input(m.totpCodeInput).mutation(({ ctx, input }) =>
    secondFactor.renewRecoveryCodes(ctx.deps, ctx.actor, input)
  ),
  disable: publicProcedure.input(m.disableTotpInput).mutation(async ({ ctx, input }) => {
    await secondFactor.disableTotp(ctx.deps, ctx.actor, input);
    return { ok: true as const };
  }),
});

export const authRouter = router({
  /** The signed-in account, or null: the UI calls it first to know which spaces to show. */
  session: publicProcedure.query(({ ctx }) =>
    ctx.actor
      ? {
        id: ctx.actor.userId,
        email: ctx.actor.email,
        roles: ctx.actor.roles,
        secondFactor: ctx.actor.secondFactor === true,
      }
      : null
  ),
  signUp: publicProcedure.input(m.signUpInput).mutation(async ({ ctx, input }) => {
    await service.signUp(ctx.deps, input, { ip: ctx.ip });
    return { ok: true as const };
  }),
  confirmEmail: publicProcedure.input(m.confirmEmailInput).mutation(async ({ ctx, input }) => {
    ctx.setSession(await service.confirmEmail(ctx.deps, input, clientOf(ctx)));
    return { ok: true as const };
  }),
  /** Signs in, or with `challenge` set, asks for the second factor's code (`verifySecondFactor`). */
  signIn: publicProcedure.input(m.signInInput).mutation(async ({ ctx, input }) => {
    const result = await service.signIn(ctx.deps, input, clientOf(ctx));
    if ("challenge" in result) return { ok: true as const, challenge: result.challenge };
    ctx.setSession(result);
    return { ok: true as const, challenge: null };
  }),
  verifySecondFactor: publicProcedure.input(m.secondFactorInput).mutation(
    async ({ ctx, input }) => {
      ctx.setSession(await secondFactor.verifySecondFactor(ctx.deps, input, clientOf(ctx)));
      return { ok: true as const };
    },
  ),
  secondFactor: secondFactorRouter,
  /** « Sessions actives »: one's own sessions, and closing them. */
  sessions: publicProcedure.query(({ ctx }) => sessions.listSessions(ctx.deps, ctx.actor)),
  closeSession: publicProcedure.input(m.sessionInput).mutation(async ({ ctx, input }) => {
    await sessions.closeSession(ctx.deps, ctx.actor, input);
    return { ok: true as const };
  }),
  closeOtherSessions: publicProcedure.mutation(async ({ ctx }) => {
    await sessions.closeOtherSessions(ctx.deps, ctx.actor);
    return { ok: true as const };
  }),
  /** Signs out; `logoutUrl`: where to end the session at the provider that opened it. */
  signOut: publicProcedure.mutation(async ({ ctx }) => {
    let logoutUrl: string | null = null;
    if (ctx.actor) {
      logoutUrl = await providerLogoutUrl(ctx.deps, ctx.actor.sessionId);
      await service.signOut(ctx.deps, ctx.actor);
    }
    ctx.setSession(null);
    return { ok: true as const, logoutUrl };
  }),
  /** FranceConnect, ProConnect…: the sign-in page's providers, links to accounts. */
  identity: identityRouter,
  requestPasswordReset: publicProcedure.input(m.emailInput).mutation(async ({ ctx, input }) => {
    await service.requestPasswordReset(ctx.deps, input, { ip: ctx.ip });
    return { ok: true as const };
  }),
  /** What a password link is for (its address, and an invitation's who and what). */
  passwordLink: publicProcedure.input(m.tokenInput).query(({ ctx, input }) =>
    service.passwordLinkInfo(ctx.deps, input)
  ),
  setPassword: publicProcedure.input(m.setPasswordInput).mutation(async ({ ctx, input }) => {
    const session = await service.setPasswordWithToken(ctx.deps, input, clientOf(ctx));
    ctx.setSession(session);
    // No session for an account with the double authentification: it signs in with its code.
    return { ok: true as const, signedIn: session !== null };
  }),
  me: publicProcedure.query(({ ctx }) => service.me(ctx.deps, ctx.actor)),
  changePassword: publicProcedure.input(m.changePasswordInput).mutation(async ({ ctx, input }) => {
    await service.changePassword(ctx.deps, ctx.actor, input);
    return { ok: true as const };
  }),
  changeEmail: publicProcedure.input(m.changeEmailInput).mutation(async ({ ctx, input }) => {
    await service.requestEmailChange(ctx.deps, ctx.actor, input, { ip: ctx.ip });
    return { ok: true as const };
  }),
  confirmEmailChange: publicProcedure.input(m.tokenInput).mutation(({ ctx, input }) =>
    service.confirmEmailChange(ctx.deps, input)
  ),
  requestAdminAccount: publicProcedure.input(m.adminRequestInput).mutation(
    async ({ ctx, input }) => {
      await adminRequests.requestAdminAccount(ctx.deps, input, { ip: ctx.ip });
      return { ok: true as const };
    },
  ),
  installationInfo: publicProcedure.input(m.tokenInput).query(({ ctx, input }) =>
    adminRequests.installationInfo(ctx.deps, input)
  ),
  completeInstallation: publicProcedure.input(m.installationInput).mutation(
    async ({ ctx, input }) => {
      ctx.setSession(await adminRequests.completeInstallation(ctx.deps, input, clientOf(ctx)));
      return { ok: true as const };
    },
  ),
});

export const adminRequestsRouter = router({
  list: publicProcedure.input(m.adminRequestListInput).query(({ ctx, input }) =>
    adminRequests.listAdminRequests(ctx.deps, ctx.actor, input)
  ),
  accept: publicProcedure.input(m.adminRequestDecisionInput).mutation(async ({ ctx, input }) => {
    await adminRequests.acceptAdminRequest(ctx.deps, ctx.actor, input);
    return { ok: true as const };
  }),
  refuse: publicProcedure.input(m.adminRequestDecisionInput).mutation(async ({ ctx, input }) => {
    await adminRequests.refuseAdminRequest(ctx.deps, ctx.actor, {
      id: input.id,
      motif: input.motif,
    });
    return { ok: true as const };
  }),
});
