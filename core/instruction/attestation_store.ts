/**
 * Queries of verifiable attestations: the `attestations` table (written here only) and what
 * the attestation needs of its démarche (service, logo) and of its dossier to tell whether it
 * still stands.
 */
import type { Executor } from "../db/mod.ts";

/** What the attestation of an accepted dossier needs of it and of its usager. */
export async function dossierToAttest(db: Executor, dossierId: number) {
  return await db.selectFrom("dossiers")
    .innerJoin("users", "users.id", "dossiers.owner_id")
    .select([
      "dossiers.id",
      "dossiers.demarche_id",
      "dossiers.state",
      "dossiers.motivation",
      "dossiers.decided_at",
      "users.email",
    ]) // deno-fmt-ignore
    .where("dossiers.id", "=", dossierId).executeTakeFirst();
}

/** The démarche's settings (JSON) and its logo's stored file, if any. */
export async function issuerOf(db: Executor, demarcheId: number) {
  const demarche = await db.selectFrom("demarches").select(["titre", "settings"])
    .where("id", "=", demarcheId).executeTakeFirstOrThrow();
  return demarche;
}

/**
 * A logo file's blob and type; undefined when it is gone or not found sound by the antivirus
 * (an infected one has no bytes left).
 */
export async function logoFile(db: Executor, fileId: string, demarcheId: number) {
  return await db.selectFrom("files").select(["storage_key", "mime"])
    .where("id", "=", fileId).where("attached_kind", "=", "logo")
    .where("attached_id", "=", demarcheId).where("scan_state", "=", "sain").executeTakeFirst();
}

/** How many attestations dossier `dossierId` was given: the next one's reference follows. */
export async function attestationsIssued(db: Executor, dossierId: number): Promise<number> {
  const row = await db.selectFrom("attestations").select((eb) => eb.fn.countAll<number>().as("n"))
    .where("dossier_id", "=", dossierId).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertAttestation(db: Executor, row: {
  codeHash: string;
  reference: string;
  dossierId: number;
  fileId: string;
  demarcheTitre: string;
  decision: string;
  decidedAt: string;
  holderMasked: string;
  issuedAt: string;
}): Promise<void> {
  await db.insertInto("attestations").values({
    code_hash: row.codeHash,
    reference: row.reference,
    dossier_id: row.dossierId,
    file_id: row.fileId,
    demarche_titre: row.demarcheTitre,
    decision: row.decision,
    decided_at: row.decidedAt,
    holder_masked: row.holderMasked,
    issued_at: row.issuedAt,
  }).execute();
}

/**
 * The attestation whose code hashes to `codeHash`, with its dossier's current attestation
 * (null fields when the dossier was deleted).
 */
export async function findByCode(db: Executor, codeHash: string) {
  return await db.selectFrom("attestations")
    .leftJoin("dossiers", "dossiers.id", "attestations.dossier_id")
    .select([
      "attestations.reference",
      "attestations.dossier_id",
      "attestations.file_id",
      "attestations.demarche_titre",
      "attestations.decision",
      "attestations.decided_at",
      "attestations.holder_masked",
      "attestations.issued_at",
      "dossiers.id as current_dossier",
      "dossiers.attestation_file_id as current_file",
      "dossiers.is_test",
    ])
    .where("attestations.code_hash", "=", codeHash).executeTakeFirst();
}

/** The form the dossier was filled on and the démarche's published one (JSON), if any. */
export async function formsOf(db: Executor, dossierId: number) {
  return await db.selectFrom("dossiers")
    .innerJoin("demarches", "demarches.id", "dossiers.demarche_id")
    .leftJoin("revisions as filled", "filled.id", "dossiers.revision_id")
    .leftJoin("revisions as published", "published.id", "demarches.published_revision_id")
    .select(["filled.form as filled", "published.form as published"])
    .where("dossiers.id", "=", dossierId).executeTakeFirst();
}
