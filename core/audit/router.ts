/** `superadmin.audit.*`: « Journal d'audit » — the events, the chain's state, a verification. */
import { publicProcedure, router } from "../rpc/trpc.ts";
import { auditListInput } from "./model.ts";
import * as service from "./service.ts";

export const auditRouter = router({
  list: publicProcedure.input(auditListInput).query(({ ctx, input }) =>
    service.listAuditEvents(ctx.deps, ctx.actor, input)
  ),
  status: publicProcedure.query(({ ctx }) => service.auditChainStatus(ctx.deps, ctx.actor)),
  verify: publicProcedure.mutation(({ ctx }) => service.verifyAuditChainNow(ctx.deps, ctx.actor)),
});
