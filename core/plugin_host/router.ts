/** `superadmin.plugins.*`: installed plugins, what each contributes, and those set aside. */
import { publicProcedure, router } from "../rpc/trpc.ts";
import { authorize } from "../policy/mod.ts";
import * as v from "valibot";
import { describePlugins, runPluginQuery } from "./service.ts";

export const pluginsAdminRouter = router({
  list: publicProcedure.query(({ ctx }) => {
    authorize(ctx.actor, "plugins.consulter");
    return describePlugins(ctx.deps.host);
  }),
});

/** `plugins.query`: the read-only queries plugins offer their UI halves. */
export const pluginQueryProcedure = publicProcedure
  .input(v.object({
    plugin: v.pipe(
      v.string("Fonctionnalité inconnue."),
      v.maxLength(64, "Fonctionnalité inconnue."),
    ),
    name: v.pipe(v.string("Requête inconnue."), v.maxLength(64, "Requête inconnue.")),
    input: v.optional(v.unknown()),
  }))
  .query(({ ctx, input }) => runPluginQuery(ctx.deps, ctx.actor, input));
