/**
 * `admin.jetons.*`: the administrateur's jetons d'API (the API itself is plain HTTP), and
 * `usager.preremplissage`: an usager claiming the brouillon a prefill link gives them.
 */
import { publicProcedure, router } from "../rpc/trpc.ts";
import { tokenInputs } from "./model.ts";
import * as tokens from "./tokens.ts";
import { claimInput, claimPrefilled } from "./prefill.ts";

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

/** `usager.preremplissage`: the link's brouillon, given to the signed-in usager (once). */
export const preremplissageProcedure = publicProcedure.input(claimInput).mutation((
  { ctx, input },
) => claimPrefilled(ctx.deps, ctx.actor, input));
