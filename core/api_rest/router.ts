/** `admin.jetons.*`: the administrateur's jetons d'API (the read API itself is plain HTTP). */
import { publicProcedure, router } from "../rpc/trpc.ts";
import { tokenInputs } from "./model.ts";
import * as tokens from "./tokens.ts";

export const jetonsRouter = router({
  list: publicProcedure.query(({ ctx }) => tokens.listTokens(ctx.deps, ctx.actor)),
  create: publicProcedure.input(tokenInputs.create).mutation(({ ctx, input }) =>
    tokens.createToken(ctx.deps, ctx.actor, input)
  ),
  revoke: publicProcedure.input(tokenInputs.revoke).mutation(async ({ ctx, input }) => {
    await tokens.revokeToken(ctx.deps, ctx.actor, input);
    return { ok: true as const };
  }),
});
