/** `superadmin.jobs.*`: the queue as the super-admin sees it. */
import * as v from "valibot";
import { rowId } from "../shared/ids.ts";
import { publicProcedure, router } from "../rpc/trpc.ts";
import { jobListInput } from "./model.ts";
import * as service from "./service.ts";

export const jobsRouter = router({
  list: publicProcedure.input(jobListInput).query(({ ctx, input }) =>
    service.listJobs(ctx.deps, ctx.actor, input)
  ),
  retry: publicProcedure.input(v.object({ id: rowId("Tâche inconnue.") })).mutation(
    async ({ ctx, input }) => {
      await service.retryJob(ctx.deps, ctx.actor, input);
      return { ok: true as const };
    },
  ),
});
