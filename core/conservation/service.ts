/**
 * « Conserver le dossier »: its usager, or an instructeur of its groupe, keeps a dossier
 * `retention` more months from now, once told of its coming deletion (or in its last month).
 */
import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";
import { type Actor, authorize } from "../policy/mod.ts";
import { ownDossier } from "../dossiers/_access.ts";
import { setConservationUntil } from "../dossiers/store.ts";
import { memberIds } from "../demarches/groupes_store.ts";
import { instructed } from "../instruction/service.ts";
import {
  addMonths,
  type ConservationView,
  conservationView,
  CONSERVE_WINDOW_MONTHS,
  type ConservedDossier,
  expiryOf,
  mayConserve,
} from "./model.ts";

const frenchDate = (iso: string) =>
  new Date(iso).toLocaleDateString("fr-FR", {
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: "Europe/Paris",
  });

/**
 * Keeps the dossier as its owner; an invité or a stranger reads « not found ».
 *
 * @example
 * ```ts
 * const { deletionAt } = await conserverAsUsager(deps, actor, { id: 12 });
 * ```
 */
export async function conserverAsUsager(
  deps: Deps,
  actor: Actor | null,
  input: { id: number },
): Promise<ConservationView> {
  const { dossier, demarche } = await ownDossier(deps, actor, input.id);
  authorize(actor, "dossier.conserver", { ownerId: dossier.owner_id });
  return await conserve(deps, dossier, demarche.retention_months);
}

/** Keeps the dossier as an instructeur of its groupe; anyone else reads « not found ». */
export async function conserverAsInstructeur(
  deps: Deps,
  actor: Actor | null,
  input: { id: number },
): Promise<ConservationView> {
  const { dossier, demarche } = await instructed(deps, actor, input.id);
  const members = await memberIds(deps.db, dossier.groupe_id!);
  authorize(actor, "dossier.conserver", { readerIds: members });
  return await conserve(deps, dossier, demarche.retention_months);
}

async function conserve(
  deps: Deps,
  dossier: ConservedDossier & { id: number },
  retentionMonths: number,
): Promise<ConservationView> {
  const now = deps.clock().toISOString();
  if (dossier.state === "brouillon" && dossier.deleted_by_usager_at !== null) {
    throw new AppError(
      "CONFLICT",
      "Ce brouillon est dans la corbeille : restaurez-le pour le garder.",
    );
  }
  const expiry = expiryOf(dossier, retentionMonths);
  if (expiry === null) {
    throw new AppError(
      "CONFLICT",
      "Un dossier en instruction n’est jamais supprimé : il n’y a rien à conserver.",
    );
  }
  if (!mayConserve(now, expiry, dossier.expiry_notice_at)) {
    throw new AppError(
      "CONFLICT",
      `Ce dossier est conservé jusqu’au ${
        frenchDate(expiry)
      } : vous pourrez prolonger sa conservation à partir du ${
        frenchDate(addMonths(expiry, -CONSERVE_WINDOW_MONTHS))
      }.`,
    );
  }
  const until = addMonths(now, retentionMonths);
  await setConservationUntil(deps.db, dossier.id, until);
  return conservationView(now, { ...dossier, conservation_until: until }, retentionMonths);
}
