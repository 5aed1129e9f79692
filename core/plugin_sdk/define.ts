import type { GenericSchema } from "valibot";
import type { PluginDefinition } from "./types.ts";

/** Version of this SDK; a plugin's `host` range is checked against it at start. */
export const SDK_VERSION = "1.1.0";

const ID = /^[a-z][a-z0-9_]{1,48}$/;

/**
 * Declares a plugin. Checks the manifest's shape so a typo fails at import, not later.
 *
 * @example
 * ```ts
 * export default definePlugin({ id: "demo", version: "1.0.0", label: "Démo", host: "^1.0.0",
 *   register(api) { api.hooks({ before: { deposer: () => undefined } }); } });
 * ```
 */
export function definePlugin<S extends GenericSchema | undefined = undefined>(
  definition: PluginDefinition<S>,
): PluginDefinition<S> {
  if (!ID.test(definition.id)) {
    throw new Error(`Plugin id "${definition.id}" must be snake_case (a-z, 0-9, _)`);
  }
  if (!/^\d+\.\d+\.\d+/.test(definition.version)) {
    throw new Error(`Plugin "${definition.id}" has version "${definition.version}", not semver`);
  }
  return Object.freeze({ enabledByDefault: true, ...definition });
}

/**
 * Why an export cannot be made, said to the instructeur as it is (French, with what to do):
 * « L’export Excel est limité à 1 048 575 lignes : filtrez les dossiers… ». Any other error
 * reads as a generic failure, its details kept for the site's administrator.
 */
export class ExportRefusal extends Error {
  override readonly name = "ExportRefusal";
}

/**
 * Why a provider refuses a sign-in, the core telling the person in French: `indisponible`,
 * the provider does not answer; `annulee`, the person cancelled there; `invalide`, its answer
 * failed a check (signature, nonce, issuer, audience, dates).
 */
export type IdentityRefusalReason = "indisponible" | "annulee" | "invalide";

/**
 * Thrown by an identity provider's `start` or `finish`: `reason` picks the French message the
 * person reads; `message` (internal, sentence case) goes to the server's log. Any other error
 * reads as `indisponible`.
 */
export class IdentityRefusal extends Error {
  override readonly name = "IdentityRefusal";
  constructor(readonly reason: IdentityRefusalReason, message: string) {
    super(message);
  }
}

/**
 * Thrown by a file scanner for a file it cannot check (larger than it accepts…): the file is
 * refused and its bytes removed; `message` (French, saying what to do) is shown to the usager.
 */
export class ScanRefusal extends Error {
  override readonly name = "ScanRefusal";
}
