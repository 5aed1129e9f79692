/**
 * What a démarche's dossiers do when it is published (core/demarches/publication.ts tells
 * them through `Deps.demarcheFollowers`, so demarches/ never imports dossiers/).
 */
import type { Executor } from "../db/mod.ts";
import type { DemarchePublished } from "../deps.ts";
import { groupeIds } from "../demarches/groupes_store.ts";
import { rebuildCounts } from "./counters.ts";
import * as store from "./store.ts";

/**
 * Dossiers not yet en instruction follow a new revision; at the first publication, the test
 * dossiers (made to try the form) go and the groupes' counters are counted again.
 */
export async function followPublication(trx: Executor, change: DemarchePublished): Promise<void> {
  if (change.newRevision) await store.followRevision(trx, change.demarcheId, change.revisionId);
  if (change.first) {
    await store.deleteTestDossiers(trx, change.demarcheId);
    await rebuildCounts(trx, await groupeIds(trx, change.demarcheId));
  }
}
