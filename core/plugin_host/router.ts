/** `superadmin.plugins.*`: installed plugins, what each contributes, and those set aside. */
import { publicProcedure, router } from "../api/trpc.ts";
import { authorize } from "../policy/mod.ts";
import { describePlugins } from "./service.ts";

export const pluginsAdminRouter = router({
  list: publicProcedure.query(({ ctx }) => {
    authorize(ctx.actor, "plugins.consulter");
    return describePlugins(ctx.deps.host);
  }),
});
