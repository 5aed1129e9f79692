/** `admin.webhooks.*`: a démarche's webhook deliveries, for its administrateurs. */
import { publicProcedure, router } from "../rpc/trpc.ts";
import { webhookInputs } from "./model.ts";
import * as service from "./service.ts";

export const webhooksRouter = router({
  list: publicProcedure.input(webhookInputs.list).query(({ ctx, input }) =>
    service.listDeliveries(ctx.deps, ctx.actor, input)
  ),
  resend: publicProcedure.input(webhookInputs.resend).mutation(({ ctx, input }) =>
    service.resendDelivery(ctx.deps, ctx.actor, input)
  ),
  test: publicProcedure.input(webhookInputs.test).mutation(({ ctx, input }) =>
    service.sendTest(ctx.deps, ctx.actor, input)
  ),
});
