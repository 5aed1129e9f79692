/** `superadmin.antivirus`: what the super-admin sees of the file scanner on « Tâches ». */
import { publicProcedure } from "../rpc/trpc.ts";
import { antivirusStatus } from "./scan.ts";

export const antivirusProcedure = publicProcedure.query(({ ctx }) =>
  antivirusStatus(ctx.deps, ctx.actor)
);
