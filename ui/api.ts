/**
 * The one way the UI talks to the server: the typed tRPC client. Errors are turned into a
 * `Problem`: the French message for the alert, and one message per form field.
 */
import { createTRPCClient, httpBatchLink, TRPCClientError } from "@trpc/client";
import type { AppRouter } from "../core/api/router.ts";

export const api = createTRPCClient<AppRouter>({
  // The server takes at most 20 calls in one batch.
  links: [httpBatchLink({ url: "/trpc", maxItems: 20 })],
});

export interface Problem {
  readonly message: string;
  readonly fields: Readonly<Record<string, string>>;
}

const OFFLINE = "Le serveur ne répond pas. Vérifiez votre connexion puis réessayez.";

/** What to show for a failed call. */
export function problemOf(error: unknown): Problem {
  if (error instanceof TRPCClientError) {
    const data = error.data as { fields?: Record<string, string> } | undefined;
    return { message: error.message || OFFLINE, fields: data?.fields ?? {} };
  }
  return { message: OFFLINE, fields: {} };
}
