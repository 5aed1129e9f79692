/** `messagerie.*`: the thread of a dossier, for its usager and its instructeurs. */
import { publicProcedure, router } from "../rpc/trpc.ts";
import { messagerieInputs } from "./model.ts";
import * as service from "./service.ts";

const ok = { ok: true as const };

export const messagerieRouter = router({
  list: publicProcedure.input(messagerieInputs.list).query(({ ctx, input }) =>
    service.listMessages(ctx.deps, ctx.actor, input)
  ),
  post: publicProcedure.input(messagerieInputs.post).mutation(async ({ ctx, input }) => {
    await service.postMessage(ctx.deps, ctx.actor, input);
    return ok;
  }),
  requestCorrection: publicProcedure.input(messagerieInputs.correction).mutation(
    async ({ ctx, input }) => {
      await service.requestCorrection(ctx.deps, ctx.actor, input);
      return ok;
    },
  ),
});
