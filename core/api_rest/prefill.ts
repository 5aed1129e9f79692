/**
 * « Préremplissage »: an administration's tool creates, with a jeton « instruction », a
 * brouillon of a published démarche holding values it already knows, and gives its usager
 * the link it gets back. The brouillon belongs to no one until then — it is held by an
 * account nobody can sign in to (`PREFILL_HOLDER`), so nobody sees it; the first account to
 * open the link signed in claims it, once. Only the SHA-256 of the link's secret is kept.
 */
import * as v from "valibot";
import type { Deps } from "../deps.ts";
import type { Executor } from "../db/mod.ts";
import { AppError } from "../errors.ts";
import { type Actor, authorize, can } from "../policy/mod.ts";
import { randomToken, sha256Hex } from "../accounts/_shared.ts";
import { findUserByEmail, insertUser } from "../accounts/store.ts";
import { parseForm } from "../demarches/codecs.ts";
import { revisionForm } from "../dossiers/usager_store.ts";
import { findDossier, insertDossier, transferOwner } from "../dossiers/store.ts";
import { checkBrouillonLimit, checkOneDossierPerUsager } from "../dossiers/service.ts";
import { checkValues } from "../dossiers/values.ts";
import type { TokenActor } from "./tokens.ts";
import * as store from "./store.ts";
import * as actionsStore from "./actions_store.ts";

/** The account holding the brouillons no usager has claimed yet: no password, no mailbox. */
export const PREFILL_HOLDER = "preremplissage@guichet.invalid";

/** Where the usager opens a prefilled brouillon: `<BASE_URL>/preremplissage/<secret>`. */
export const PREFILL_PATH = "/preremplissage/";

/** Prefilled brouillons of one démarche waiting for their usager, at most. */
export const MAX_UNCLAIMED = 10_000;

/** `POST /demarches/:id/dossiers`: the values by champ id. */
export const prefillBody = v.strictObject({
  champs: v.pipe(
    v.record(
      v.pipe(v.string(), v.maxLength(64, "Identifiant de champ trop long.")),
      v.unknown(),
      "« champs » est un objet { identifiant du champ: valeur }.",
    ),
    v.check((r) => Object.keys(r).length <= 500, "Au plus 500 champs à la fois."),
    v.description(
      "Par identifiant de champ (voir GET /demarches/:id), la valeur comme l’API la lit dans « brut ».",
    ),
  ),
}, "Seul « champs » est accepté dans le corps.");

export const prefillAnswer = v.strictObject({
  dossier: v.strictObject({
    id: v.pipe(v.number(), v.description("Le numéro du dossier brouillon.")),
  }),
  lien: v.pipe(
    v.string(),
    v.description(
      "L’adresse à donner à l’usager : en l’ouvrant connecté (ou après avoir créé son compte), il reçoit le brouillon. Elle ne sert qu’une fois et n’est plus jamais redonnée.",
    ),
  ),
});

const demarcheNotFound = () => new AppError("NOT_FOUND", "Cette démarche n’existe pas.");

/** The account holding unclaimed brouillons, made the first time it is needed. */
async function holderId(db: Executor, now: string): Promise<number> {
  const found = await findUserByEmail(db, PREFILL_HOLDER);
  if (found) {
    // Someone signed up with this address before it was made: never hand them brouillons.
    if (found.password_hash !== null) {
      throw new Error(`The account "${PREFILL_HOLDER}" has a password: it cannot hold prefills`);
    }
    return found.id;
  }
  return await insertUser(db, { email: PREFILL_HOLDER, passwordHash: null, verifiedAt: null, now });
}

/** Each given value checked against the published form; the message of each refused one. */
function checkPrefill(
  deps: Deps,
  form: ReturnType<typeof parseForm>,
  given: Readonly<Record<string, unknown>>,
) {
  const errors: Record<string, string> = {};
  const byId = new Map(form.champs.map((c) => [c.stableId, c]));
  for (const id of Object.keys(given)) {
    const champ = byId.get(id);
    if (!champ) {
      errors[id] = "Ce champ n’existe pas dans le formulaire publié de la démarche.";
    } else if (champ.type === "piece_justificative") {
      errors[id] = "Une pièce justificative ne se préremplit pas : l’usager la joindra.";
    } else if (deps.host.champTypes.get(champ.type)?.section) {
      errors[id] = "Une section ne prend pas de valeur.";
    }
  }
  if (Object.keys(errors).length > 0) return { values: {}, errors };
  const checked = checkValues(form.champs, given, {
    types: deps.host.champTypes,
    now: deps.clock(),
    deposit: false,
  });
  for (const id of Object.keys(given)) {
    if (checked.errors[id]) errors[id] = checked.errors[id];
    else if (!(id in checked.values)) {
      errors[id] =
        "Ce champ n’est pas affiché avec les autres valeurs données (sa condition d’affichage n’est pas remplie) : ne le donnez pas.";
    }
  }
  return { values: checked.values, errors };
}

/**
 * Creates a brouillon on the démarche's published revision with `champs` (each checked by
 * its type: any refusal creates nothing, 400 with the message of each champ) and returns
 * it with the link for its usager.
 *
 * @example
 * ```ts
 * const { lien } = await prefillDossier(deps, token, { demarcheId: 3, champs: { nom: "Le Goff" } });
 * ```
 */
export async function prefillDossier(
  deps: Deps,
  token: TokenActor,
  input: { demarcheId: number; champs: Readonly<Record<string, unknown>> },
) {
  const demarche = await store.findDemarcheForPrefill(deps.db, input.demarcheId);
  if (!demarche) throw demarcheNotFound();
  const resource = {
    administrateurIds: await store.administrateurIds(deps.db, demarche.id),
    demarcheId: demarche.id,
    tokenScope: token.scope,
    tokenAccess: token.access,
  };
  if (!can(token.actor, "api.demarche.lire", resource)) throw demarcheNotFound();
  authorize(token.actor, "api.dossier.preremplir", resource);
  const now = deps.clock().toISOString();
  if (
    demarche.state !== "publiee" || demarche.published_revision_id === null ||
    (demarche.deadline_at !== null && demarche.deadline_at <= now)
  ) {
    throw new AppError(
      "CONFLICT",
      "Cette démarche n’accepte pas de dossier (elle n’est pas publiée, est close ou sa date limite est passée) : publiez-la avant de préremplir.",
    );
  }
  const form = parseForm(await revisionForm(deps.db, demarche.published_revision_id));
  const { values, errors } = checkPrefill(deps, form, input.champs);
  if (Object.keys(errors).length > 0) {
    throw new AppError(
      "BAD_REQUEST",
      "Des valeurs ne conviennent pas à leur champ : aucun dossier n’a été créé.",
      errors,
    );
  }
  const secret = randomToken();
  const id = await deps.db.transaction().execute(async (trx) => {
    if (await actionsStore.unclaimedCount(trx, demarche.id) >= MAX_UNCLAIMED) {
      throw new AppError(
        "CONFLICT",
        `Cette démarche a déjà ${MAX_UNCLAIMED} brouillons préremplis que personne n’a encore ouverts : attendez que leurs usagers les ouvrent (ou que la conservation des brouillons les supprime).`,
      );
    }
    const dossierId = await insertDossier(trx, {
      demarcheId: demarche.id,
      revisionId: demarche.published_revision_id,
      ownerId: await holderId(trx, now),
      isTest: false,
      values: JSON.stringify(values),
      now,
    });
    await actionsStore.insertPrefill(trx, {
      dossierId,
      tokenId: token.tokenId,
      linkHash: sha256Hex(secret),
      now,
    });
    return dossierId;
  });
  return { dossier: { id }, lien: `${deps.baseUrl}${PREFILL_PATH}${secret}` };
}

const linkGone = () =>
  new AppError(
    "NOT_FOUND",
    "Ce lien de dossier prérempli n’existe pas ou plus (le brouillon a pu être supprimé) : demandez un nouveau lien au service qui vous l’a donné.",
  );

/** `usager.preremplissage.claim`'s input: the link's secret. */
export const claimInput = v.object({
  secret: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{20,100}$/, "Ce lien n’est pas valable.")),
});

/**
 * Gives the prefilled brouillon of link `secret` to the signed-in actor, once: its first
 * claimant keeps it (opening the link again leads them to it); anyone after is refused.
 * The démarche's limits apply as to a brouillon started by hand.
 */
export async function claimPrefilled(
  deps: Deps,
  actor: Actor | null,
  input: v.InferOutput<typeof claimInput>,
): Promise<{ id: number }> {
  const me = authorize(actor, "dossier.creer");
  const prefill = await actionsStore.findPrefill(deps.db, sha256Hex(input.secret));
  if (!prefill) throw linkGone();
  const dossier = await findDossier(deps.db, prefill.dossier_id);
  if (!dossier) throw linkGone();
  const taken = () =>
    new AppError(
      "CONFLICT",
      "Ce lien a déjà servi : le dossier prérempli appartient au compte qui l’a ouvert le premier. Si ce n’est pas vous, demandez un nouveau lien au service.",
    );
  if (prefill.claimed_at !== null) {
    if (prefill.claimed_by === me.userId) return { id: dossier.id };
    throw taken();
  }
  const now = deps.clock().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    const demarche = await store.findDemarcheForPrefill(trx, dossier.demarche_id);
    await checkOneDossierPerUsager(trx, demarche!, me.userId, false);
    await checkBrouillonLimit(trx, dossier.demarche_id, me.userId);
    if (!await actionsStore.claimPrefill(trx, { dossierId: dossier.id, userId: me.userId, now })) {
      // Claimed meanwhile: by this account (a second tab) is no refusal.
      const again = await actionsStore.findPrefill(trx, prefill.link_hash);
      if (again?.claimed_by === me.userId) return;
      throw taken();
    }
    const holder = await holderId(trx, now);
    if (!await transferOwner(trx, dossier.id, { from: holder, to: me.userId, now })) {
      throw taken();
    }
  });
  return { id: dossier.id };
}
