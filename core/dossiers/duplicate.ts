/**
 * « Dupliquer ce dossier »: a new brouillon of the same démarche that starts from the answers
 * of one of the usager's dossiers — for the usager who files the same kind of request again
 * (a second boat, next year's subsidy). It follows the démarche's current form: answers to
 * champs the form no longer has are left out. Pièces jointes are not copied (a document is
 * attached to one dossier, and last year's is rarely this year's): the new brouillon asks for
 * them again. Only the owner duplicates, and only while the démarche accepts dossiers. Where
 * the démarche asks for a verified identity, the copy holds its owner's, as it is now.
 */
import type { Deps } from "../deps.ts";
import type { Actor } from "../policy/mod.ts";
import type { ChampDescriptor } from "../shared/form.ts";
import { AppError } from "../errors.ts";
import { formOf, ownDossier } from "./_access.ts";
import { checkBrouillonLimit, checkOneDossierPerUsager, demarchePage } from "./service.ts";
import * as store from "./store.ts";
import { parseValues } from "./model.ts";
import { dossierIdentity, withIdentity } from "./identite.ts";

export async function duplicateDossier(deps: Deps, actor: Actor | null, input: { id: number }) {
  const own = await ownDossier(deps, actor, input.id);
  const { dossier, demarche } = own;
  const test = dossier.is_test === 1;
  if (demarche.path === null) {
    throw new AppError("CONFLICT", "Cette démarche n’est plus en ligne.");
  }
  const page = await demarchePage(deps, actor, { path: demarche.path, test });
  if (!page.open) throw new AppError("CONFLICT", page.closedReason!);
  const revisionId = test ? null : demarche.published_revision_id;
  // En test, the form is the draft ownDossier just read; else the latest published revision.
  const form = test
    ? own.form
    : await formOf(deps.db, { revision_id: revisionId, demarche_id: demarche.id }, false);
  const source = parseValues(dossier.pending_values ?? dossier.champ_values);
  const copied = copyable(deps, form.champs, source);
  // « Identité FranceConnect »: the copy takes its owner's verified identity as it is now,
  // never the source's (typed, or verified by another); without one, its champs wait for it.
  const identity = await dossierIdentity(deps, demarche, form.champs, dossier.owner_id);
  const values = identity ? withIdentity(copied.values, identity) : copied.values;
  const id = await deps.db.transaction().execute(async (trx) => {
    await checkOneDossierPerUsager(trx, demarche, dossier.owner_id, test);
    await checkBrouillonLimit(trx, demarche.id, dossier.owner_id);
    return await store.insertDossier(trx, {
      demarcheId: demarche.id,
      revisionId,
      ownerId: dossier.owner_id,
      isTest: test,
      values: JSON.stringify(values),
      now: deps.clock().toISOString(),
      identiteVerifieePar: identity?.provider ?? null,
    });
  });
  return { id, filesLeft: copied.filesLeft };
}

/** The answers the form still asks for, without those holding files (rows of blocks too). */
function copyable(
  deps: Deps,
  champs: readonly ChampDescriptor[],
  source: Readonly<Record<string, unknown>>,
): { values: Record<string, unknown>; filesLeft: boolean } {
  const values: Record<string, unknown> = {};
  let filesLeft = false;
  const holdsFiles = (d: { type: string }) => deps.host.champTypes.get(d.type)?.files !== undefined;
  for (const d of champs) {
    const value = source[d.stableId];
    if (value === undefined || value === null) continue;
    const type = deps.host.champTypes.get(d.type);
    if (!type || type.fillable === false) continue;
    if (holdsFiles(d)) {
      filesLeft = true;
      continue;
    }
    if (type.container && Array.isArray(value)) {
      const children = d.children ?? [];
      values[d.stableId] = (value as Record<string, unknown>[]).map((row) => {
        const kept: Record<string, unknown> = {};
        for (const child of children) {
          if (row?.[child.stableId] === undefined) continue;
          if (holdsFiles(child)) filesLeft = true;
          else kept[child.stableId] = row[child.stableId];
        }
        return kept;
      });
      continue;
    }
    values[d.stableId] = value;
  }
  return { values, filesLeft };
}
