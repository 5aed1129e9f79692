/** `usager.*`: a démarche's public page, and the person's own dossiers. */
import * as v from "valibot";
import { rowId } from "../shared/ids.ts";
import { publicProcedure, router } from "../rpc/trpc.ts";
import * as service from "./service.ts";
import * as deposit from "./deposit.ts";
import * as invitations from "./invitations.ts";
import { duplicateDossier } from "./duplicate.ts";
import { revisionBases } from "../shared/revisions.ts";

const id = rowId("Dossier inconnu.");
const demarcheRef = v.object({
  path: v.pipe(
    v.string("Adresse de démarche manquante."),
    v.maxLength(60, "Adresse de démarche inconnue."),
  ),
  test: v.optional(v.boolean(), false),
});
const ok = { ok: true as const };

/**
 * `usager.*`, composed with the procedures of the folders above (« Conserver ») in
 * core/api/router.ts.
 */
export const usagerProcedures = {
  demarche: publicProcedure.input(demarcheRef).query(({ ctx, input }) =>
    service.demarchePage(ctx.deps, ctx.actor, input)
  ),
  mesDossiersSur: publicProcedure.input(demarcheRef).query(({ ctx, input }) =>
    service.myDossiersOn(ctx.deps, ctx.actor, input)
  ),
  start: publicProcedure.input(demarcheRef).mutation(({ ctx, input }) =>
    service.startDossier(ctx.deps, ctx.actor, input)
  ),
  duplicate: publicProcedure.input(v.object({ id })).mutation(({ ctx, input }) =>
    duplicateDossier(ctx.deps, ctx.actor, input)
  ),
  dossiers: publicProcedure
    .input(v.object({ corbeille: v.optional(v.boolean(), false) }))
    .query(({ ctx, input }) => service.listMyDossiers(ctx.deps, ctx.actor, input)),
  dossier: publicProcedure.input(v.object({ id })).query(({ ctx, input }) =>
    service.getDossier(ctx.deps, ctx.actor, input)
  ),
  save: publicProcedure
    .input(v.object({
      id,
      values: v.pipe(
        v.record(v.pipe(v.string(), v.maxLength(64)), v.unknown(), "Valeurs mal formées."),
        v.check((r) => Object.keys(r).length <= 500, "Trop de champs à la fois."),
      ),
      bases: v.optional(revisionBases),
    }))
    .mutation(({ ctx, input }) => service.saveValues(ctx.deps, ctx.actor, input)),
  deposer: publicProcedure.input(v.object({ id })).mutation(({ ctx, input }) =>
    deposit.deposer(ctx.deps, ctx.actor, input)
  ),
  deposerModifications: publicProcedure.input(v.object({ id })).mutation(({ ctx, input }) =>
    deposit.deposerModifications(ctx.deps, ctx.actor, input)
  ),
  discardModifications: publicProcedure.input(v.object({ id })).mutation(async ({ ctx, input }) => {
    await deposit.discardModifications(ctx.deps, ctx.actor, input);
    return ok;
  }),
  invitations: router({
    list: publicProcedure.input(invitations.invitationInputs.list).query(({ ctx, input }) =>
      invitations.listInvitations(ctx.deps, ctx.actor, input)
    ),
    invite: publicProcedure.input(invitations.invitationInputs.invite).mutation(
      async ({ ctx, input }) => {
        await invitations.invite(ctx.deps, ctx.actor, input);
        return ok;
      },
    ),
    revoke: publicProcedure.input(invitations.invitationInputs.revoke).mutation(
      async ({ ctx, input }) => {
        await invitations.revoke(ctx.deps, ctx.actor, input);
        return ok;
      },
    ),
  }),
  delete: publicProcedure.input(v.object({ id })).mutation(async ({ ctx, input }) => {
    await service.deleteDossier(ctx.deps, ctx.actor, input);
    return ok;
  }),
  restore: publicProcedure.input(v.object({ id })).mutation(async ({ ctx, input }) => {
    await service.restoreDossier(ctx.deps, ctx.actor, input);
    return ok;
  }),
};
