/**
 * Attestations: when a dossier is accepted on a démarche where an attestation generator's
 * plugin is switched on, a job (queued in the decision's transaction) asks the generator for
 * the file, from the plugin's settings and the dossier's tags, and attaches it to the dossier
 * for its usager and instructeurs. « Repasser en instruction » withdraws it.
 */
import type { Deps, DossierTransition } from "../deps.ts";
import type { Executor } from "../db/mod.ts";
import { enqueue } from "../jobs/queue.ts";
import type { JobHandler } from "../jobs/worker.ts";
import { demarchePlugins } from "../plugin_host/service.ts";
import { dossierTags } from "../notifications/dossier_mails.ts";

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

export function attestationHandler(deps: Deps): JobHandler {
  return async (payload) => {
    const { dossierId } = payload as { dossierId: number };
    const dossier = await deps.db.selectFrom("dossiers")
      .innerJoin("users", "users.id", "dossiers.owner_id")
      .select([
        "dossiers.id",
        "dossiers.demarche_id",
        "dossiers.state",
        "dossiers.motivation",
        "users.email",
      ]) // deno-fmt-ignore
      .where("dossiers.id", "=", dossierId).executeTakeFirst();
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
    const output = await found.generator.generate({
      template: "",
      settings: found.settings,
      tags: Object.fromEntries(values),
    });
    const blob = await deps.blobs.put(
      new Blob([output.bytes as Uint8Array<ArrayBuffer>]).stream(),
      output.bytes.byteLength,
    );
    const fileId = crypto.randomUUID();
    const now = deps.clock().toISOString();
    await deps.db.transaction().execute(async (trx) => {
      await trx.insertInto("files").values({
        id: fileId,
        uploader_id: null,
        filename: output.filename,
        mime: output.mime,
        size: blob.size,
        sha256: blob.sha256,
        storage_key: blob.key,
        attached_kind: "dossier",
        attached_id: dossierId,
        created_at: now,
      }).execute();
      // Only if still accepted: a decision withdrawn meanwhile leaves the file unlinked.
      await trx.updateTable("dossiers").set({ attestation_file_id: fileId })
        .where("id", "=", dossierId).where("state", "=", "accepte").execute();
    });
  };
}
