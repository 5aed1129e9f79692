/**
 * An instructeur's actions with a jeton « instruction »: passer en instruction, accepter,
 * refuser, classer sans suite, demander une correction, envoyer un message, annotations
 * privées, étiquettes. The jeton acts as its owner's account through the very services the
 * interface calls (core/instruction, core/messagerie): same guards, events, e-mails, hooks.
 * The owner must be an instructeur of the dossier's groupe (policy `api.dossier.instruire`).
 */
import * as v from "valibot";
import type { Deps } from "../deps.ts";
import type { Executor } from "../db/mod.ts";
import { AppError } from "../errors.ts";
import { type Actor, can } from "../policy/mod.ts";
import { findDossier } from "../dossiers/store.ts";
import { groupeMemberIds } from "../dossiers/usager_store.ts";
import { formOf } from "../dossiers/_access.ts";
import { checkValues } from "../dossiers/values.ts";
import { labelsOf } from "../demarches/labels.ts";
import * as instruction from "../instruction/service.ts";
import { changeDossierLabels } from "../instruction/labels.ts";
import * as messagerie from "../messagerie/service.ts";
import { CORRECTION_REASONS } from "../messagerie/model.ts";
import type { TokenActor } from "./tokens.ts";
import * as service from "./service.ts";
import * as store from "./store.ts";
import * as actionsStore from "./actions_store.ts";

const trimmed = (max: number, tooLong: string) =>
  v.pipe(v.string("Écrivez un texte."), v.trim(), v.maxLength(max, tooLong));
const MOTIVATION_TOO_LONG = "La motivation ne doit pas dépasser 5 000 caractères.";

/** `{ motivation? }` of passer en instruction and of an acceptation. */
export const optionalMotivationBody = v.optional(
  v.strictObject({
    motivation: v.optional(
      v.pipe(
        trimmed(5000, MOTIVATION_TOO_LONG),
        v.description("Pourquoi, écrit à l’usager (facultatif pour une acceptation)."),
      ),
      "",
    ),
  }, "Seul « motivation » est accepté dans le corps."),
  {},
);

/** `{ motivation }` of a refus or a classement sans suite: it is required. */
export const motivationBody = v.strictObject({
  motivation: v.pipe(
    v.string("Écrivez la motivation de la décision (« motivation »)."),
    v.trim(),
    v.nonEmpty("Écrivez la motivation de la décision (« motivation »)."),
    v.maxLength(5000, MOTIVATION_TOO_LONG),
    v.description("Pourquoi, écrit à l’usager dans l’e-mail de la décision."),
  ),
}, "Seul « motivation » est accepté dans le corps.");

const message = v.pipe(
  v.string("Écrivez le message (« message »)."),
  v.trim(),
  v.nonEmpty("Écrivez le message (« message »)."),
  v.maxLength(10_000, "Le message ne doit pas dépasser 10 000 caractères."),
  v.description("Le texte envoyé à l’usager par la messagerie du dossier."),
);

/** `{ message }`: a message to the usager. */
export const messageBody = v.strictObject(
  { message },
  "Seul « message » est accepté dans le corps.",
);

/** `{ message, raison? }`: a demande de correction. */
export const correctionBody = v.strictObject({
  message,
  raison: v.optional(
    v.pipe(
      v.picklist(
        CORRECTION_REASONS,
        `« raison » vaut l’un de : ${CORRECTION_REASONS.join(", ")}.`,
      ),
      v.description(
        "incorrect (une information est erronée), incomplete (il manque une information ou une pièce), outdated (une pièce n’est plus valable).",
      ),
    ),
    "incomplete",
  ),
}, "Seuls « message » et « raison » sont acceptés dans le corps.");

/** `{ annotations: { id: valeur } }`: annotations privées to set. */
export const annotationsBody = v.strictObject({
  annotations: v.pipe(
    v.record(
      v.pipe(v.string(), v.maxLength(64, "Identifiant d’annotation trop long.")),
      v.unknown(),
      "« annotations » est un objet { identifiant de l’annotation: valeur }.",
    ),
    v.check((r) => Object.keys(r).length > 0, "Donnez au moins une annotation."),
    v.check((r) => Object.keys(r).length <= 200, "Au plus 200 annotations à la fois."),
    v.description(
      "Par identifiant d’annotation privée, la valeur à enregistrer, vérifiée par son type.",
    ),
  ),
}, "Seul « annotations » est accepté dans le corps.");

const labelNames = v.optional(
  v.pipe(
    v.array(
      v.pipe(v.string("Une étiquette se nomme par un texte."), v.maxLength(100)),
      "Donnez une liste de noms d’étiquettes.",
    ),
    v.maxLength(100, "Au plus 100 étiquettes à la fois."),
  ),
  [],
);

/** `{ ajouter?, retirer? }`: étiquettes by name. */
export const etiquettesBody = v.pipe(
  v.strictObject({
    ajouter: v.pipe(labelNames, v.description("Les noms des étiquettes à mettre.")),
    retirer: v.pipe(labelNames, v.description("Les noms des étiquettes à enlever.")),
  }, "Seuls « ajouter » et « retirer » sont acceptés dans le corps."),
  v.check(
    (b) => b.ajouter.length + b.retirer.length > 0,
    "Donnez les étiquettes à ajouter (« ajouter ») ou à retirer (« retirer »).",
  ),
);

const notFound = () => new AppError("NOT_FOUND", "Ce dossier n’existe pas.");

/**
 * The jeton's account, allowed to instruct dossier `id`: a dossier the jeton does not read
 * is not found; one whose groupe its owner is not in is forbidden, saying how to fix it.
 */
async function instructeurOf(deps: Deps, token: TokenActor, id: number): Promise<Actor> {
  const dossier = await findDossier(deps.db, id);
  if (!dossier || dossier.state === "brouillon") throw notFound();
  const resource = {
    administrateurIds: await store.administrateurIds(deps.db, dossier.demarche_id),
    demarcheId: dossier.demarche_id,
    tokenScope: token.scope,
    tokenAccess: token.access,
  };
  if (!can(token.actor, "api.demarche.lire", resource)) throw notFound();
  const readerIds = await groupeMemberIds(deps.db, dossier.groupe_id);
  if (!can(token.actor, "api.dossier.instruire", { ...resource, readerIds })) {
    throw new AppError(
      "FORBIDDEN",
      `Ce jeton agit au nom de ${token.actor.email}, qui n’instruit pas ce dossier : ajoutez ce compte au groupe instructeur du dossier, ou utilisez le jeton d’un de ses instructeurs.`,
    );
  }
  return token.actor;
}

/** How long an `Idempotency-Key` is remembered. */
const KEY_DAYS = 1;

/** What an action runs first in its own transaction: the recording of its key. */
type Within = (trx: Executor) => Promise<void>;

const replayed = () =>
  new AppError(
    "CONFLICT",
    "Cette action a déjà été reçue avec la même clé Idempotency-Key : elle n’est pas appliquée une seconde fois. Relisez le dossier pour voir son état.",
    undefined,
    "idempotency",
  );

/**
 * Runs `action` once per `Idempotency-Key` of the jeton: the same key sent again (a tool
 * that retries, two identical requests at once) is refused with 409 instead of being applied
 * a second time. The action records the key itself, first in the transaction of its effect
 * (`within`): the key is taken exactly when the effect is committed, so an action refused,
 * failing or cut short by a crash leaves it free to be sent again.
 */
async function once<T>(
  deps: Deps,
  token: TokenActor,
  key: string | undefined,
  action: (within?: Within) => Promise<T>,
): Promise<T> {
  if (key === undefined) return await action();
  if (!/^[\x21-\x7e]{1,200}$/.test(key)) {
    throw new AppError(
      "BAD_REQUEST",
      "L’en-tête Idempotency-Key compte de 1 à 200 caractères ASCII visibles (un UUID, par exemple).",
    );
  }
  const now = deps.clock();
  const recorded = {
    tokenId: token.tokenId,
    key,
    now: now.toISOString(),
    before: new Date(now.getTime() - KEY_DAYS * 86_400_000).toISOString(),
  };
  // A key applied earlier is answered at once; the recording in the transaction decides.
  if (await actionsStore.idempotencyKeyTaken(deps.db, recorded)) throw replayed();
  return await action(async (trx) => {
    if (!await actionsStore.claimIdempotencyKey(trx, recorded)) throw replayed();
  });
}

/** What every action answers: the dossier as `GET /dossiers/:id` gives it, once changed. */
function answer(deps: Deps, token: TokenActor, id: number) {
  return service.getDossier(deps, token, { id });
}

type Decision = "passer_en_instruction" | "accepter" | "refuser" | "classer_sans_suite";

/** The options of every action: the dossier, and the request's `Idempotency-Key` if any. */
export interface ActionTarget {
  readonly id: number;
  readonly key?: string;
}

/**
 * Passer en instruction, accepter, refuser or classer sans suite, through the instructeurs'
 * `decide` (lifecycle table, annotations privées obligatoires, hooks, e-mail, attestation).
 *
 * @example
 * ```ts
 * await decideWithToken(deps, token, { id: 12, event: "refuser", motivation: "Pièce périmée." });
 * ```
 */
export async function decideWithToken(
  deps: Deps,
  token: TokenActor,
  input: ActionTarget & { event: Decision; motivation: string },
) {
  const actor = await instructeurOf(deps, token, input.id);
  await once(deps, token, input.key, (within) =>
    instruction.decide(deps, actor, {
      id: input.id,
      event: input.event,
      motivation: input.motivation,
      within,
    }));
  return await answer(deps, token, input.id);
}

/** Asks the usager for a correction (the messagerie's demande de correction). */
export async function requestCorrectionWithToken(
  deps: Deps,
  token: TokenActor,
  input: ActionTarget & { message: string; raison: typeof CORRECTION_REASONS[number] },
) {
  const actor = await instructeurOf(deps, token, input.id);
  await once(deps, token, input.key, (within) =>
    messagerie.requestCorrection(deps, actor, {
      dossierId: input.id,
      body: input.message,
      reason: input.raison,
      within,
    }));
  return await answer(deps, token, input.id);
}

/** Writes to the usager in the dossier's messagerie (open until the decision). */
export async function postMessageWithToken(
  deps: Deps,
  token: TokenActor,
  input: ActionTarget & { message: string },
) {
  const actor = await instructeurOf(deps, token, input.id);
  await once(
    deps,
    token,
    input.key,
    (within) =>
      messagerie.postMessage(deps, actor, { dossierId: input.id, body: input.message, within }),
  );
  return await answer(deps, token, input.id);
}

/**
 * Sets annotations privées: each value is checked by its champ's type first, and any
 * refusal (an unknown annotation, a value its type refuses) saves nothing: 400 with the
 * message of each annotation.
 */
export async function saveAnnotationsWithToken(
  deps: Deps,
  token: TokenActor,
  input: ActionTarget & { annotations: Record<string, unknown> },
) {
  const actor = await instructeurOf(deps, token, input.id);
  const dossier = (await findDossier(deps.db, input.id))!;
  const form = await formOf(deps.db, dossier, false);
  const errors: Record<string, string> = {};
  const known = new Map(form.annotations.map((a) => [a.stableId, a]));
  for (const id of Object.keys(input.annotations)) {
    const a = known.get(id);
    if (!a) errors[id] = "Cette annotation privée n’existe pas dans le formulaire du dossier.";
    else if (a.type === "piece_justificative") {
      errors[id] = "Une pièce justificative ne se joint pas par l’API : joignez-la dans Guichet.";
    }
  }
  // Every refusal at once: the known annotations are checked by their type too.
  const checked = checkValues(form.annotations, input.annotations, {
    types: deps.host.champTypes,
    now: deps.clock(),
    deposit: false,
  });
  for (const id of Object.keys(input.annotations)) {
    if (!errors[id] && checked.errors[id]) errors[id] = checked.errors[id];
  }
  if (Object.keys(errors).length > 0) {
    throw new AppError(
      "BAD_REQUEST",
      "Des annotations ne sont pas valables : rien n’a été enregistré.",
      errors,
    );
  }
  await once(
    deps,
    token,
    input.key,
    (within) =>
      instruction.saveAnnotations(deps, actor, {
        id: input.id,
        values: input.annotations,
        within,
      }),
  );
  return await answer(deps, token, input.id);
}

/** Puts and takes off étiquettes of the démarche, named as the read API names them. */
export async function changeLabelsWithToken(
  deps: Deps,
  token: TokenActor,
  input: ActionTarget & { ajouter: readonly string[]; retirer: readonly string[] },
) {
  const actor = await instructeurOf(deps, token, input.id);
  const dossier = (await findDossier(deps.db, input.id))!;
  const byName = new Map(
    (await labelsOf(deps.db, dossier.demarche_id)).map((l) => [l.name, l.id]),
  );
  const errors: Record<string, string> = {};
  for (const [field, names] of [["ajouter", input.ajouter], ["retirer", input.retirer]] as const) {
    const unknown = names.filter((n) => !byName.has(n));
    if (unknown.length > 0) {
      errors[field] = `Étiquette inconnue sur cette démarche : ${
        unknown.map((n) => `« ${n} »`).join(", ")
      }. Ses administrateurs les nomment sur la page « Étiquettes ».`;
    }
  }
  if (Object.keys(errors).length > 0) {
    throw new AppError("BAD_REQUEST", Object.values(errors).join(" "), errors);
  }
  // Added and removed as sets in one transaction: a change made meanwhile is kept.
  await once(deps, token, input.key, (within) =>
    changeDossierLabels(deps, actor, {
      dossierId: dossier.id,
      add: input.ajouter.map((n) => byName.get(n)!),
      remove: input.retirer.map((n) => byName.get(n)!),
      within,
    }));
  return await answer(deps, token, input.id);
}
