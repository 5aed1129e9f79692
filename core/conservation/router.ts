/**
 * « Conserver le dossier », as its usager (`usager.conserver`) and as an instructeur of its
 * groupe (`instruction.conserver`): core/api/router.ts puts each beside its audience's
 * procedures, so that neither dossiers/ nor instruction/ imports conservation/.
 */
import * as v from "valibot";
import { rowId } from "../shared/ids.ts";
import { publicProcedure } from "../rpc/trpc.ts";
import { instructionInputs } from "../instruction/model.ts";
import { conserverAsInstructeur, conserverAsUsager } from "./service.ts";

const id = rowId("Dossier inconnu.");

export const conserverProcedures = {
  usager: publicProcedure.input(v.object({ id })).mutation(({ ctx, input }) =>
    conserverAsUsager(ctx.deps, ctx.actor, input)
  ),
  instructeur: publicProcedure.input(instructionInputs.dossier).mutation(({ ctx, input }) =>
    conserverAsInstructeur(ctx.deps, ctx.actor, input)
  ),
};
