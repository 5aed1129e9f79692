/** Awaits a tRPC call that must be refused, and returns the error the client got. */
import { TRPCClientError } from "@trpc/client";
import type { AppRouter } from "../../core/api/router.ts";

export type Refusal = TRPCClientError<AppRouter>;

export async function refusal(promise: Promise<unknown>): Promise<Refusal> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCClientError) return error as Refusal;
    throw error;
  }
  throw new Error("Expected the call to be refused");
}
