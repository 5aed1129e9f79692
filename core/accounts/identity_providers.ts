/**
 * « Fournisseurs d’identité » of the super-admin: the kinds the plugins offer (with their
 * presets: FranceConnect, ProConnect), and the instances configured from them. Secrets are
 * write-only: the list never sends them back, and a blank secret at edit keeps the stored one.
 */
import * as v from "valibot";
import { toJsonSchema } from "@valibot/to-json-schema";
import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";
import { type Actor, authorize } from "../policy/mod.ts";
import * as ids from "./identity_store.ts";
import { parseProviderConfig, type ProviderInput } from "./identity_model.ts";
import { redirectUriOf } from "./identity.ts";
import { recordEvent } from "../audit/service.ts";

/** The kinds of providers installed, their settings' JSON Schema, secrets and presets. */
export function providerKinds(deps: Deps, actor: Actor | null) {
  authorize(actor, "fournisseurs_identite.gerer");
  return deps.host.identityProviders.list().map((p) => ({
    id: p.id,
    label: p.label,
    secrets: [...(p.secrets ?? [])],
    configSchema: toJsonSchema(p.config, { errorMode: "ignore" }),
    presets: (p.presets ?? []).map((preset) => ({
      id: preset.id,
      label: preset.label,
      config: preset.config as Record<string, unknown>,
      verifiesIdentity: preset.verifiesIdentity === true,
    })),
  }));
}

/** The configured instances, secrets left out (only whether each is set). */
export async function listProvidersAdmin(deps: Deps, actor: Actor | null) {
  authorize(actor, "fournisseurs_identite.gerer");
  const rows = await ids.listProviders(deps.db);
  return rows.map((r) => {
    const secrets = deps.host.identityProviders.get(r.kind)?.secrets ?? [];
    const config = parseProviderConfig(r.config);
    const shown: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(config)) {
      if (!secrets.includes(key)) shown[key] = value;
    }
    return {
      id: r.id,
      kind: r.kind,
      preset: r.preset,
      label: r.label,
      config: shown,
      secretsSet: secrets.filter((s) => typeof config[s] === "string" && config[s] !== ""),
      forUsagers: r.for_usagers === 1,
      forAgents: r.for_agents === 1,
      requiredForAgents: r.required_for_agents === 1,
      verifiesIdentity: r.verifies_identity === 1,
      enabled: r.enabled === 1,
      installed: deps.host.identityProviders.get(r.kind) !== undefined,
      redirectUri: redirectUriOf(deps, r.id),
    };
  });
}

/**
 * Creates or updates an instance; its settings are checked by the plugin's schema, French
 * messages by field. A secret left blank keeps the stored one.
 */
export async function saveProvider(deps: Deps, actor: Actor | null, input: ProviderInput) {
  const me = authorize(actor, "fournisseurs_identite.gerer");
  const kind = deps.host.identityProviders.get(input.kind);
  if (!kind) {
    throw new AppError("NOT_FOUND", `Le type de fournisseur « ${input.kind} » n’est pas installé.`);
  }
  const existing = input.id ? await ids.findProvider(deps.db, input.id) : undefined;
  if (input.id && !existing) {
    throw new AppError("NOT_FOUND", "Ce fournisseur n’existe plus : rechargez la page.");
  }
  const config: Record<string, unknown> = { ...input.config };
  const stored = existing ? parseProviderConfig(existing.config) : {};
  for (const secret of kind.secrets ?? []) {
    if (config[secret] === undefined || config[secret] === "") config[secret] = stored[secret];
  }
  const parsed = v.safeParse(kind.config, config);
  if (!parsed.success) {
    const fields: Record<string, string> = {};
    for (const issue of parsed.issues) fields[v.getDotPath(issue) ?? "_"] ??= issue.message;
    throw new AppError("BAD_REQUEST", parsed.issues[0].message, fields);
  }
  if (!input.forUsagers && !input.forAgents) {
    const message = "Choisissez pour qui ce fournisseur est proposé : usagers, agents ou les deux.";
    throw new AppError("BAD_REQUEST", message, { forUsagers: message });
  }
  if (input.requiredForAgents && !input.forAgents) {
    const message = "Pour l’imposer aux agents, proposez-le aussi aux agents.";
    throw new AppError("BAD_REQUEST", message, { requiredForAgents: message });
  }
  const row = {
    kind: input.kind,
    preset: input.preset ?? null,
    label: input.label,
    config: JSON.stringify(parsed.output),
    forUsagers: input.forUsagers,
    forAgents: input.forAgents,
    requiredForAgents: input.requiredForAgents,
    verifiesIdentity: input.verifiesIdentity,
    enabled: input.enabled,
  };
  const now = deps.clock().toISOString();
  return await deps.db.transaction().execute(async (trx) => {
    const id = existing?.id ?? await ids.insertProvider(trx, row, now);
    if (existing) await ids.updateProvider(trx, existing.id, row, now);
    await recordEvent(deps, trx, {
      action: "fournisseur_identite.enregistre",
      actor: me,
      target: { type: "fournisseur_identite", id },
      details: { libelle: input.label, type: input.kind, active: input.enabled },
    });
    return { id };
  });
}

/** Deletes an instance, and with it every link to it: those people sign in another way. */
export async function deleteProvider(deps: Deps, actor: Actor | null, input: { id: number }) {
  const me = authorize(actor, "fournisseurs_identite.gerer");
  await deps.db.transaction().execute(async (trx) => {
    await ids.deleteProvider(trx, input.id);
    await recordEvent(deps, trx, {
      action: "fournisseur_identite.supprime",
      actor: me,
      target: { type: "fournisseur_identite", id: input.id },
    });
  });
}
