/** `admin.demarches.*`: the administrator's démarches. */
import * as v from "valibot";
import { publicProcedure, router } from "../api/trpc.ts";
import { formSchema } from "./model.ts";
import { demarcheSettingsInput } from "./settings.ts";
import * as service from "./service.ts";

const id = v.pipe(
  v.number("Démarche inconnue."),
  v.integer("Démarche inconnue."),
  v.minValue(1, "Démarche inconnue."),
);
const byId = v.object({ id });

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
      return { ok: true as const };
    }),
  saveForm: publicProcedure.input(v.object({ id, form: formSchema })).mutation(({ ctx, input }) =>
    service.saveForm(ctx.deps, ctx.actor, input)
  ),
  champTypes: publicProcedure.input(byId).query(({ ctx, input }) =>
    service.availableChampTypes(ctx.deps, ctx.actor, input)
  ),
  delete: publicProcedure.input(byId).mutation(async ({ ctx, input }) => {
    await service.deleteDemarche(ctx.deps, ctx.actor, input);
    return { ok: true as const };
  }),
});
