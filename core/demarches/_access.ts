/** Loading a démarche for one of its administrators: the check every démarche action starts with. */
import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";
import { type Actor, authorize, can } from "../policy/mod.ts";
import * as store from "./store.ts";

export const notFound = () => new AppError("NOT_FOUND", "Cette démarche n’existe pas.");

/** The démarche, if `actor` administers it; another's démarche reads as not found. */
export async function administered(deps: Deps, actor: Actor | null, id: number) {
  // Not an administrator at all: refused outright. An administrator of other démarches:
  // this one reads as not found, so its existence is not revealed.
  authorize(actor, "espace_admin.acceder");
  const demarche = await store.findDemarche(deps.db, id);
  const administrateurIds = demarche ? await store.administrateurIds(deps.db, id) : [];
  if (!demarche || !can(actor, "demarche.administrer", { administrateurIds })) throw notFound();
  return demarche;
}
