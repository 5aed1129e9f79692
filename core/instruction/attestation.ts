/**
 * Attestations: when a dossier is accepted on a démarche where an attestation generator's
 * plugin is switched on, a job (queued in the decision's transaction) asks the generator for
 * the file, from the plugin's settings and the dossier's tags, and attaches it to the dossier
 * for its usager and instructeurs. « Repasser en instruction » withdraws it. Each attestation
 * carries a reference and a verification code (`attestation_code.ts`): the public page
 * `/attestations/<code>` confirms it, and says so once it was withdrawn (`verification.ts`).
 */
import * as v from "valibot";
import type { Deps, DossierTransition } from "../deps.ts";
import type { Executor } from "../db/mod.ts";
import { enqueue } from "../jobs/queue.ts";
import type { JobHandler } from "../jobs/worker.ts";
import { demarchePlugins } from "../plugin_host/service.ts";
import { dossierTags } from "../notifications/dossier_mails.ts";
import type { AttestationIssuer } from "../plugin_sdk/mod.ts";
import { hashCode, maskHolder, newCode, normalizeCode } from "./attestation_code.ts";
import { insertFile } from "../files/store.ts";
import { linkAttestation } from "../dossiers/store.ts";
import {
  attestationsIssued,
  dossierToAttest,
  formsOf,
  insertAttestation,
  issuerOf,
  logoFile,
} from "./attestation_store.ts";
import { formSchema } from "../shared/form.ts";
import { champTag } from "../notifications/templates.ts";

export const ATTESTATION_JOB = "dossier.attestation";

/** The démarche's switched-on attestation generator and its settings, if any. */
async function generatorFor(db: Executor, deps: Deps, demarcheId: number) {
  const states = await demarchePlugins(db, deps.host, demarcheId);
  for (const g of deps.host.attestationGenerators.list()) {
    const owner = deps.host.attestationGenerators.ownerOf(g.id);
    const state = states.find((s) => s.pluginId === owner);
    if (state?.enabled) return { generator: g, settings: state.settings };
  }
  return null;
}

/** In the acceptance's transaction: queues the attestation when the démarche makes one. */
export async function queueAttestation(
  trx: Executor,
  deps: Deps,
  dossier: { id: number; demarcheId: number },
  now: string,
): Promise<void> {
  if (!(await generatorFor(trx, deps, dossier.demarcheId))) return;
  await enqueue(trx, ATTESTATION_JOB, { dossierId: dossier.id }, { now, maxAttempts: 3 });
}

/** Follows the lifecycle (`deps.dossierFollowers`): an acceptance queues its attestation. */
export async function attestAcceptance(
  deps: Deps,
  trx: Executor,
  change: DossierTransition,
): Promise<void> {
  if (change.to !== "accepte") return;
  await queueAttestation(
    trx,
    deps,
    { id: change.dossierId, demarcheId: change.demarcheId },
    change.now,
  );
}

/** What the attestation says of its service, from the démarche's settings (JSON). */
const issuerSettings = v.object({
  service: v.fallback(
    v.optional(
      v.object({
        nom: v.fallback(v.optional(v.string(), ""), ""),
        organisme: v.fallback(v.optional(v.string(), ""), ""),
        adresse: v.fallback(v.optional(v.string(), ""), ""),
      }),
      { nom: "", organisme: "", adresse: "" },
    ),
    { nom: "", organisme: "", adresse: "" },
  ),
  logoFileId: v.fallback(v.optional(v.nullable(v.string()), null), null),
});

const LOGO_MAX_BYTES = 1024 * 1024;

/** A logo's bytes; null when they are gone (removed by the antivirus, lost): none is drawn. */
async function logoBytes(deps: Deps, storageKey: string): Promise<Uint8Array | null> {
  let body;
  try {
    body = await deps.blobs.open(storageKey);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return null;
    throw error;
  }
  return new Uint8Array(await new Response(body).arrayBuffer());
}

/**
 * The démarche's service, address and logo (its bytes read from the blob store): a logo the
 * antivirus has not found sound, or whose bytes are gone, is left out, never a failure.
 */
async function issuer(deps: Deps, demarcheId: number, json: string): Promise<AttestationIssuer> {
  const settings = v.parse(issuerSettings, JSON.parse(json));
  let logo: AttestationIssuer["logo"] = null;
  const file = settings.logoFileId
    ? await logoFile(deps.db, settings.logoFileId, demarcheId)
    : null;
  const bytes = file ? await logoBytes(deps, file.storage_key) : null;
  if (file && bytes && bytes.byteLength <= LOGO_MAX_BYTES) logo = { bytes, mime: file.mime };
  return {
    service: settings.service.nom,
    organisme: settings.service.organisme,
    adresse: settings.service.adresse,
    logo,
  };
}

/**
 * A dossier filled on an older form, whose champ was renamed since: the template speaks of
 * the published label, so that tag gets the value of the same champ (by its stable id).
 */
async function renamedChampTags(db: Executor, dossierId: number, values: Map<string, string>) {
  const forms = await formsOf(db, dossierId);
  if (!forms?.filled || !forms.published || forms.filled === forms.published) return;
  const filled = v.parse(formSchema, JSON.parse(forms.filled)).champs;
  for (const champ of v.parse(formSchema, JSON.parse(forms.published)).champs) {
    const before = filled.find((c) => c.stableId === champ.stableId);
    const value = before ? values.get(champTag(before.label)) : undefined;
    if (value !== undefined && !values.has(champTag(champ.label))) {
      values.set(champTag(champ.label), value);
    }
  }
}

export function attestationHandler(deps: Deps): JobHandler {
  return async (payload) => {
    const { dossierId } = payload as { dossierId: number };
    const dossier = await dossierToAttest(deps.db, dossierId);
    // Withdrawn (or never accepted) by the time the job runs: nothing to attest.
    if (!dossier || dossier.state !== "accepte") return;
    const found = await generatorFor(deps.db, deps, dossier.demarche_id);
    if (!found) return;
    const values = await dossierTags(deps.db, deps.host, {
      dossierId,
      to: dossier.email,
      link: `${deps.baseUrl}/dossiers/${dossierId}`,
      motivation: dossier.motivation,
    }, true);
    await renamedChampTags(deps.db, dossierId, values);
    const demarche = await issuerOf(deps.db, dossier.demarche_id);
    const code = newCode();
    const reference = `ATT-${dossierId}-${(await attestationsIssued(deps.db, dossierId)) + 1}`;
    const output = await found.generator.generate({
      template: "",
      settings: found.settings,
      tags: Object.fromEntries(values),
      issuer: await issuer(deps, dossier.demarche_id, demarche.settings),
      verification: { code, reference, url: `${deps.baseUrl}/attestations/${code}` },
    });
    const blob = await deps.blobs.put(
      new Blob([output.bytes as Uint8Array<ArrayBuffer>]).stream(),
      output.bytes.byteLength,
    );
    const fileId = crypto.randomUUID();
    const now = deps.clock().toISOString();
    await deps.db.transaction().execute(async (trx) => {
      await insertFile(trx, {
        id: fileId,
        uploaderId: null,
        filename: output.filename,
        mime: output.mime,
        size: blob.size,
        sha256: blob.sha256,
        storageKey: blob.key,
        attached: { kind: "dossier", id: dossierId },
        now,
      });
      // Only if still accepted: a decision withdrawn meanwhile leaves the file unlinked.
      if (!await linkAttestation(trx, dossierId, fileId)) return;
      // What the public page /attestations/<code> confirms.
      await insertAttestation(trx, {
        codeHash: await hashCode(normalizeCode(code)!),
        reference,
        dossierId,
        fileId,
        demarcheTitre: demarche.titre,
        decision: "accepte",
        decidedAt: dossier.decided_at ?? now,
        holderMasked: maskHolder(output.holder || dossier.email),
        issuedAt: now,
      });
    });
  };
}
