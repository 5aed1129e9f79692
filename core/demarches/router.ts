/** `admin.demarches.*` (the administrator's démarches) and `admin.catalogue.*`. */
import * as mailTemplates from "./mail_templates.ts";
import * as v from "valibot";
import { rowId } from "../shared/ids.ts";
import { publicProcedure, router } from "../rpc/trpc.ts";
import { formSchema } from "../shared/form.ts";
import { demarcheSettingsInput } from "./settings.ts";
import * as service from "./service.ts";
import * as publication from "./publication.ts";
import * as groupes from "./groupes.ts";
import * as catalogue from "./catalogue.ts";
import * as fonctionnalites from "./fonctionnalites.ts";
import * as labels from "./labels.ts";
import * as administrateurs from "./administrateurs.ts";

const id = rowId("Démarche inconnue.");
const byId = v.object({ id });
const ok = { ok: true as const };

const groupesRouter = router({
  list: publicProcedure.input(groupes.groupeInputs.list).query(({ ctx, input }) =>
    groupes.listGroupes(ctx.deps, ctx.actor, input)
  ),
  add: publicProcedure.input(groupes.groupeInputs.add).mutation(({ ctx, input }) =>
    groupes.addGroupe(ctx.deps, ctx.actor, input)
  ),
  rename: publicProcedure.input(groupes.groupeInputs.rename).mutation(async ({ ctx, input }) => {
    await groupes.renameGroupe(ctx.deps, ctx.actor, input);
    return ok;
  }),
  remove: publicProcedure.input(groupes.groupeInputs.remove).mutation(async ({ ctx, input }) => {
    await groupes.removeGroupe(ctx.deps, ctx.actor, input);
    return ok;
  }),
  setRule: publicProcedure.input(groupes.groupeInputs.rule).mutation(async ({ ctx, input }) => {
    await groupes.setRoutingRule(ctx.deps, ctx.actor, input);
    return ok;
  }),
  addInstructeur: publicProcedure.input(groupes.groupeInputs.addInstructeur).mutation(
    async ({ ctx, input }) => {
      await groupes.addInstructeur(ctx.deps, ctx.actor, input);
      return ok;
    },
  ),
  removeInstructeur: publicProcedure.input(groupes.groupeInputs.removeInstructeur).mutation(
    async ({ ctx, input }) => {
      await groupes.removeInstructeur(ctx.deps, ctx.actor, input);
      return ok;
    },
  ),
});

const administrateursRouter = router({
  list: publicProcedure.input(administrateurs.administrateursInputs.list).query(({ ctx, input }) =>
    administrateurs.listAdministrateurs(ctx.deps, ctx.actor, input)
  ),
  add: publicProcedure.input(administrateurs.administrateursInputs.add).mutation(
    async ({ ctx, input }) => {
      await administrateurs.addAdministrateur(ctx.deps, ctx.actor, input);
      return ok;
    },
  ),
  remove: publicProcedure.input(administrateurs.administrateursInputs.remove).mutation(
    async ({ ctx, input }) => {
      await administrateurs.removeAdministrateur(ctx.deps, ctx.actor, input);
      return ok;
    },
  ),
});

/** `admin.demarches.mails.*`: the e-mails the démarche's usagers receive. */
const mailsRouter = router({
  get: publicProcedure.input(mailTemplates.mailInputs.get).query(({ ctx, input }) =>
    mailTemplates.getMails(ctx.deps, ctx.actor, input)
  ),
  save: publicProcedure.input(mailTemplates.mailInputs.save).mutation(async ({ ctx, input }) => {
    await mailTemplates.saveMail(ctx.deps, ctx.actor, input);
    return ok;
  }),
  reset: publicProcedure.input(mailTemplates.mailInputs.reset).mutation(async ({ ctx, input }) => {
    await mailTemplates.resetMail(ctx.deps, ctx.actor, input);
    return ok;
  }),
  preview: publicProcedure.input(mailTemplates.mailInputs.preview).query(({ ctx, input }) =>
    mailTemplates.previewMail(ctx.deps, ctx.actor, input)
  ),
});

export const demarchesAdminRouter = router({
  list: publicProcedure.query(({ ctx }) => service.listMyDemarches(ctx.deps, ctx.actor)),
  create: publicProcedure
    .input(v.object({ titre: demarcheSettingsInput.entries.titre }))
    .mutation(({ ctx, input }) => service.createDemarche(ctx.deps, ctx.actor, input)),
  get: publicProcedure.input(byId).query(({ ctx, input }) =>
    service.getDemarche(ctx.deps, ctx.actor, input)
  ),
  updateSettings: publicProcedure
    .input(v.object({ id, ...demarcheSettingsInput.entries }))
    .mutation(async ({ ctx, input }) => {
      await service.updateSettings(ctx.deps, ctx.actor, input);
      return ok;
    }),
  setLogo: publicProcedure
    .input(v.object({ id, fileId: v.nullable(v.pipe(v.string(), v.uuid("Fichier inconnu."))) }))
    .mutation(async ({ ctx, input }) => {
      await service.setLogo(ctx.deps, ctx.actor, input);
      return ok;
    }),
  saveForm: publicProcedure.input(v.object({ id, form: formSchema })).mutation(({ ctx, input }) =>
    service.saveForm(ctx.deps, ctx.actor, input)
  ),
  champTypes: publicProcedure.input(byId).query(({ ctx, input }) =>
    service.availableChampTypes(ctx.deps, ctx.actor, input)
  ),
  delete: publicProcedure.input(byId).mutation(async ({ ctx, input }) => {
    await service.deleteDemarche(ctx.deps, ctx.actor, input);
    return ok;
  }),
  publicationStatus: publicProcedure.input(byId).query(({ ctx, input }) =>
    publication.publicationStatus(ctx.deps, ctx.actor, input)
  ),
  publish: publicProcedure.input(publication.publishInput).mutation(({ ctx, input }) =>
    publication.publish(ctx.deps, ctx.actor, input)
  ),
  close: publicProcedure.input(byId).mutation(async ({ ctx, input }) => {
    await publication.close(ctx.deps, ctx.actor, input);
    return ok;
  }),
  unpublish: publicProcedure.input(byId).mutation(async ({ ctx, input }) => {
    await publication.unpublish(ctx.deps, ctx.actor, input);
    return ok;
  }),
  exportDefinition: publicProcedure.input(byId).query(({ ctx, input }) =>
    catalogue.exportDefinition(ctx.deps, ctx.actor, input)
  ),
  importDefinition: publicProcedure.input(v.object({ definition: v.unknown() })).mutation(
    ({ ctx, input }) => catalogue.importDefinition(ctx.deps, ctx.actor, input),
  ),
  fonctionnalites: publicProcedure.input(fonctionnalites.fonctionnalitesInputs.list).query(
    ({ ctx, input }) => fonctionnalites.listFonctionnalites(ctx.deps, ctx.actor, input),
  ),
  setFonctionnalite: publicProcedure.input(fonctionnalites.fonctionnalitesInputs.set).mutation(
    async ({ ctx, input }) => {
      await fonctionnalites.setFonctionnalite(ctx.deps, ctx.actor, input);
      return ok;
    },
  ),
  groupes: groupesRouter,
  administrateurs: administrateursRouter,
  mails: mailsRouter,
  /** The démarche's « étiquettes », which its instructeurs put on dossiers. */
  labels: router({
    list: publicProcedure.input(labels.labelInputs.demarche).query(({ ctx, input }) =>
      labels.adminLabels(ctx.deps, ctx.actor, input)
    ),
    create: publicProcedure.input(labels.labelInputs.create).mutation(({ ctx, input }) =>
      labels.createLabel(ctx.deps, ctx.actor, input)
    ),
    update: publicProcedure.input(labels.labelInputs.update).mutation(async ({ ctx, input }) => {
      await labels.updateLabel(ctx.deps, ctx.actor, input);
      return { ok: true as const };
    }),
    remove: publicProcedure.input(labels.labelInputs.remove).mutation(async ({ ctx, input }) => {
      await labels.removeLabel(ctx.deps, ctx.actor, input);
      return { ok: true as const };
    }),
  }),
});

export const catalogueRouter = router({
  list: publicProcedure.input(catalogue.catalogueInputs.list).query(({ ctx, input }) =>
    catalogue.listCatalogue(ctx.deps, ctx.actor, input)
  ),
  read: publicProcedure.input(catalogue.catalogueInputs.read).query(({ ctx, input }) =>
    catalogue.readCatalogueDemarche(ctx.deps, ctx.actor, input)
  ),
  clone: publicProcedure.input(catalogue.catalogueInputs.clone).mutation(({ ctx, input }) =>
    catalogue.cloneDemarche(ctx.deps, ctx.actor, input)
  ),
  setTemplate: publicProcedure.input(catalogue.catalogueInputs.setTemplate).mutation(
    async ({ ctx, input }) => {
      await catalogue.setTemplate(ctx.deps, ctx.actor, input);
      return ok;
    },
  ),
});
