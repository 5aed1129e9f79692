/** The public procedure behind `/attestations/<code>`: no session needed. */
import { publicProcedure, router } from "../rpc/trpc.ts";
import { codeInput } from "./attestation_code.ts";
import { verifyAttestation } from "./verification.ts";

export const attestationsRouter = router({
  verify: publicProcedure.input(codeInput).query(({ ctx, input }) =>
    verifyAttestation(ctx.deps, ctx.ip, input.code)
  ),
});
