/**
 * The public page of an attestation (`/attestations/<code>`): whoever holds the document checks
 * that it was issued and still stands. It tells the démarche, the dossier's number, the
 * decision and its date, the holder's name masked and the attestation's state — nothing else.
 * Lookups are limited per IP address (`deps.limiters.attestationLookups`): a wrong code counts.
 */
import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";
import { hashCode, normalizeCode } from "./attestation_code.ts";
import { findByCode } from "./attestation_store.ts";

/**
 * « valide »: the dossier still holds this attestation; « retiree »: the decision was taken
 * back (or changed) since; « dossier_supprime »: the dossier reached the end of its retention.
 */
export type AttestationStatus = "valide" | "retiree" | "dossier_supprime";

export interface VerifiedAttestation {
  readonly reference: string;
  readonly demarche: string;
  readonly dossier: number;
  readonly decision: "accepte";
  readonly decidedAt: string;
  readonly issuedAt: string;
  readonly holder: string;
  readonly status: AttestationStatus;
  /** Issued for a dossier of the démarche's test mode: worth nothing. */
  readonly test: boolean;
}

const UNKNOWN =
  "Aucune attestation ne correspond à ce code. Vérifiez les 20 caractères imprimés sous le " +
  "QR code de l’attestation (les tirets et les espaces ne comptent pas).";

/** Confirms the attestation of `code`, or refuses with a French 404 (400 if malformed). */
export async function verifyAttestation(
  deps: Deps,
  ip: string,
  typed: string,
): Promise<VerifiedAttestation> {
  const limiter = deps.limiters.attestationLookups;
  const now = deps.clock().getTime();
  const wait = await limiter.retryAfter(ip, now);
  if (wait > 0) {
    const minutes = Math.ceil(wait / 60_000);
    throw new AppError(
      "TOO_MANY_REQUESTS",
      `Trop de codes inconnus essayés depuis votre connexion. Réessayez dans ${minutes} minute${
        minutes > 1 ? "s" : ""
      }.`,
    );
  }
  const code = normalizeCode(typed);
  const row = code ? await findByCode(deps.db, await hashCode(code)) : undefined;
  if (!row) {
    await limiter.fail(ip, now);
    if (!code) {
      throw new AppError(
        "BAD_REQUEST",
        "Ce code n’a pas la forme attendue : recopiez les 20 caractères imprimés sous le QR " +
          "code, par exemple 7KQ2-M4XD-9PZA-R3TV-H8NB.",
      );
    }
    throw new AppError("NOT_FOUND", UNKNOWN);
  }
  return {
    reference: row.reference,
    demarche: row.demarche_titre,
    dossier: row.dossier_id,
    decision: "accepte",
    decidedAt: row.decided_at,
    issuedAt: row.issued_at,
    holder: row.holder_masked,
    status: row.current_dossier === null
      ? "dossier_supprime"
      : row.current_file === row.file_id
      ? "valide"
      : "retiree",
    test: row.is_test === 1,
  };
}
