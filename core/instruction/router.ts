/** `instruction.*`: what instructeurs do. */
import * as v from "valibot";
import { publicProcedure, router } from "../api/trpc.ts";
import { instructionInputs } from "./model.ts";
import * as service from "./service.ts";

const ok = { ok: true as const };
const toggle = v.object({ id: instructionInputs.dossier.entries.id, on: v.boolean() });

export const instructionRouter = router({
  demarches: publicProcedure.query(({ ctx }) => service.myDemarches(ctx.deps, ctx.actor)),
  dashboard: publicProcedure.input(instructionInputs.dashboard).query(({ ctx, input }) =>
    service.dashboard(ctx.deps, ctx.actor, input)
  ),
  dossier: publicProcedure.input(instructionInputs.dossier).query(({ ctx, input }) =>
    service.dossierForInstructeur(ctx.deps, ctx.actor, input)
  ),
  follow: publicProcedure.input(toggle).mutation(async ({ ctx, input }) => {
    await service.follow(ctx.deps, ctx.actor, input);
    return ok;
  }),
  archive: publicProcedure.input(toggle).mutation(async ({ ctx, input }) => {
    await service.archive(ctx.deps, ctx.actor, input);
    return ok;
  }),
  saveAnnotations: publicProcedure.input(instructionInputs.annotations).mutation(({ ctx, input }) =>
    service.saveAnnotations(ctx.deps, ctx.actor, input)
  ),
  decide: publicProcedure.input(instructionInputs.decide).mutation(({ ctx, input }) =>
    service.decide(ctx.deps, ctx.actor, input)
  ),
});
