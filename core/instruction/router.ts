/** `instruction.*`: what instructeurs do. */
import * as v from "valibot";
import { publicProcedure, router } from "../rpc/trpc.ts";
import { instructionInputs } from "./model.ts";
import * as service from "./service.ts";
import * as dashboard from "./dashboard.ts";
import * as avis from "./avis.ts";
import { changeAvisDueOn } from "./avis_reminders.ts";
import * as exports from "./exports.ts";
import * as notifications from "./notifications.ts";
import * as labels from "./labels.ts";
import { notificationInputs } from "../notifications/instructeur_model.ts";

const ok = { ok: true as const };
const toggle = v.object({ id: instructionInputs.dossier.entries.id, on: v.boolean() });

/** `instruction.avis.*` for instructeurs; `expert.*` for the experts asked. */
const avisRouter = router({
  ask: publicProcedure.input(avis.avisInputs.ask).mutation(async ({ ctx, input }) => {
    await avis.askAvis(ctx.deps, ctx.actor, input);
    return ok;
  }),
  list: publicProcedure.input(avis.avisInputs.forDossier).query(({ ctx, input }) =>
    avis.avisOfDossier(ctx.deps, ctx.actor, input)
  ),
  remind: publicProcedure.input(avis.avisInputs.byId).mutation(async ({ ctx, input }) => {
    await avis.remindAvis(ctx.deps, ctx.actor, input);
    return ok;
  }),
  revoke: publicProcedure.input(avis.avisInputs.byId).mutation(async ({ ctx, input }) => {
    await avis.revokeAvis(ctx.deps, ctx.actor, input);
    return ok;
  }),
  setDueOn: publicProcedure.input(avis.avisInputs.dueOn).mutation(async ({ ctx, input }) => {
    await changeAvisDueOn(ctx.deps, ctx.actor, input);
    return ok;
  }),
});

export const expertRouter = router({
  avis: publicProcedure.query(({ ctx }) => avis.myAvis(ctx.deps, ctx.actor)),
  read: publicProcedure.input(avis.avisInputs.byId).query(({ ctx, input }) =>
    avis.avisForExpert(ctx.deps, ctx.actor, input)
  ),
  answer: publicProcedure.input(avis.avisInputs.answer).mutation(async ({ ctx, input }) => {
    await avis.answerAvis(ctx.deps, ctx.actor, input);
    return ok;
  }),
});

/** `instruction.exports.*`: files of a dashboard tab in the formats plugins provide. */
const exportsRouter = router({
  formats: publicProcedure.input(instructionInputs.champs).query(({ ctx, input }) =>
    exports.exportFormats(ctx.deps, ctx.actor, input)
  ),
  columns: publicProcedure.input(instructionInputs.champs).query(({ ctx, input }) =>
    exports.exportColumns(ctx.deps, ctx.actor, input)
  ),
  request: publicProcedure.input(instructionInputs.exportRequest).mutation(({ ctx, input }) =>
    exports.requestExport(ctx.deps, ctx.actor, input)
  ),
  list: publicProcedure.input(instructionInputs.champs).query(({ ctx, input }) =>
    exports.listExports(ctx.deps, ctx.actor, input)
  ),
});

/** `instruction.labels.*`: the démarche's « étiquettes » and those of a dossier. */
const labelsRouter = router({
  list: publicProcedure.input(labels.labelInputs.demarche).query(({ ctx, input }) =>
    labels.instructeurLabels(ctx.deps, ctx.actor, input)
  ),
  forDossier: publicProcedure.input(labels.labelInputs.dossier).query(({ ctx, input }) =>
    labels.labelsOfDossier(ctx.deps, ctx.actor, input)
  ),
  set: publicProcedure.input(labels.labelInputs.set).mutation(({ ctx, input }) =>
    labels.setDossierLabels(ctx.deps, ctx.actor, input)
  ),
  /** Ticks and unticks labels, leaving the others as they are: what the dossier's page sends. */
  change: publicProcedure.input(labels.labelInputs.change).mutation(({ ctx, input }) =>
    labels.changeDossierLabels(ctx.deps, ctx.actor, input)
  ),
});

/** `instruction.notifications.*`: when the instructeur hears of each démarche's events. */
const notificationsRouter = router({
  get: publicProcedure.input(notificationInputs.get).query(({ ctx, input }) =>
    notifications.notificationSettings(ctx.deps, ctx.actor, input)
  ),
  save: publicProcedure.input(notificationInputs.save).mutation(async ({ ctx, input }) => {
    await notifications.saveNotificationSettings(ctx.deps, ctx.actor, input);
    return ok;
  }),
});

/**
 * `instruction.*`, composed with the procedures of the folders above (« Conserver ») in
 * core/api/router.ts.
 */
export const instructionProcedures = {
  avis: avisRouter,
  exports: exportsRouter,
  notifications: notificationsRouter,
  labels: labelsRouter,
  demarches: publicProcedure.query(({ ctx }) => dashboard.myDemarches(ctx.deps, ctx.actor)),
  dashboard: publicProcedure.input(instructionInputs.dashboard).query(({ ctx, input }) =>
    dashboard.dashboard(ctx.deps, ctx.actor, input)
  ),
  champs: publicProcedure.input(instructionInputs.champs).query(({ ctx, input }) =>
    dashboard.dashboardChamps(ctx.deps, ctx.actor, input)
  ),
  collegues: publicProcedure.input(instructionInputs.champs).query(({ ctx, input }) =>
    dashboard.colleagues(ctx.deps, ctx.actor, input)
  ),
  setColumns: publicProcedure.input(instructionInputs.columns).mutation(async ({ ctx, input }) => {
    await dashboard.setColumns(ctx.deps, ctx.actor, input);
    return ok;
  }),
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
  groupes: publicProcedure.input(instructionInputs.dossier).query(({ ctx, input }) =>
    service.groupesOf(ctx.deps, ctx.actor, input)
  ),
  reassign: publicProcedure.input(instructionInputs.reassign).mutation(async ({ ctx, input }) => {
    await service.reassign(ctx.deps, ctx.actor, input);
    return ok;
  }),
  batch: publicProcedure.input(instructionInputs.batch).mutation(({ ctx, input }) =>
    service.batch(ctx.deps, ctx.actor, input)
  ),
  saveAnnotations: publicProcedure.input(instructionInputs.annotations).mutation(({ ctx, input }) =>
    service.saveAnnotations(ctx.deps, ctx.actor, input)
  ),
  decide: publicProcedure.input(instructionInputs.decide).mutation(({ ctx, input }) =>
    service.decide(ctx.deps, ctx.actor, input)
  ),
};
