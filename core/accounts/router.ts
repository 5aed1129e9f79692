/** tRPC procedures of accounts: `auth.*` for everyone, `superadmin.demandesAdmin.*`. */
import * as m from "./model.ts";
import * as service from "./service.ts";
import * as adminRequests from "./admin_requests.ts";
import { publicProcedure, router } from "../api/trpc.ts";

export const authRouter = router({
  /** The signed-in account, or null: the UI calls it first to know which spaces to show. */
  session: publicProcedure.query(({ ctx }) =>
    ctx.actor ? { id: ctx.actor.userId, email: ctx.actor.email, roles: ctx.actor.roles } : null
  ),
  signUp: publicProcedure.input(m.signUpInput).mutation(async ({ ctx, input }) => {
    await service.signUp(ctx.deps, input, { ip: ctx.ip });
    return { ok: true as const };
  }),
  confirmEmail: publicProcedure.input(m.tokenInput).mutation(async ({ ctx, input }) => {
    ctx.setSession(await service.confirmEmail(ctx.deps, input));
    return { ok: true as const };
  }),
  signIn: publicProcedure.input(m.signInInput).mutation(async ({ ctx, input }) => {
    const session = await service.signIn(ctx.deps, input, {
      ip: ctx.ip,
      previousSessionId: ctx.actor?.sessionId,
    });
    ctx.setSession(session);
    return { ok: true as const };
  }),
  signOut: publicProcedure.mutation(async ({ ctx }) => {
    if (ctx.actor) await service.signOut(ctx.deps, ctx.actor.sessionId);
    ctx.setSession(null);
    return { ok: true as const };
  }),
  requestPasswordReset: publicProcedure.input(m.emailInput).mutation(async ({ ctx, input }) => {
    await service.requestPasswordReset(ctx.deps, input, { ip: ctx.ip });
    return { ok: true as const };
  }),
  setPassword: publicProcedure.input(m.setPasswordInput).mutation(async ({ ctx, input }) => {
    ctx.setSession(await service.setPasswordWithToken(ctx.deps, input));
    return { ok: true as const };
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
      ctx.setSession(await adminRequests.completeInstallation(ctx.deps, input));
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
