/**
 * Reaching a dossier as its owner or an invité, the form it was made on, and the files its
 * values name: what every use case of the usager's side starts with.
 */
import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";
import { type Actor, authorize, can } from "../policy/mod.ts";
import type { Form } from "../shared/form.ts";
import type { Executor } from "../db/mod.ts";
import { attachToDossier, unsoundFiles, usableFiles } from "../files/service.ts";
import type { ChampDescriptor } from "../shared/form.ts";
import { type CheckResult, checkValues } from "./values.ts";
import * as store from "./store.ts";
import { demarcheOf, draftForm, groupeMemberIds, invitationFor } from "./usager_store.ts";
import { parseInvitationScope } from "./model.ts";
import { cachedForm, publishedForm } from "./form_cache.ts";

/**
 * The form a dossier is filled on: its revision's, or en test the démarche's draft. Shared
 * and frozen (`form_cache.ts`): read it, never change it.
 */
export async function formOf(
  db: Executor,
  dossier: { readonly revision_id: number | null; readonly demarche_id: number },
  test: boolean,
): Promise<Form> {
  return test || dossier.revision_id === null
    ? cachedForm(await draftForm(db, dossier.demarche_id))
    : await publishedForm(db, dossier.revision_id);
}

/** The form a démarche's page shows: its published revision's, or en test its draft. */
export async function demarcheForm(
  db: Executor,
  demarche: { readonly published_revision_id: number | null; readonly draft_form: string },
  test: boolean,
): Promise<Form> {
  const revisionId = demarche.published_revision_id;
  return test || revisionId === null
    ? cachedForm(demarche.draft_form)
    : await publishedForm(db, revisionId);
}

/** Attaches the files the values name; one that is not the owner's is an error on its champ. */
export async function checkFiles(
  deps: Deps,
  dossier: { id: number; uploaderId: number },
  files: Record<string, readonly string[]>,
  errors: Record<string, string>,
) {
  const refused = new Set(
    await attachToDossier(deps.db, {
      dossierId: dossier.id,
      ownerId: dossier.uploaderId,
      fileIds: Object.values(files).flat(),
    }),
  );
  for (const [key, ids] of Object.entries(files)) {
    if (ids.some((id) => refused.has(id))) {
      errors[key] = "Un fichier joint est introuvable : joignez-le à nouveau.";
    }
  }
}

const filesHeld = new WeakMap<readonly ChampDescriptor[], { types: unknown; held: boolean }>();

/** Whether a champ of `champs` (blocks' children included) is of a type holding files. */
function holdsFiles(
  champs: readonly ChampDescriptor[],
  types: Deps["host"]["champTypes"],
): boolean {
  const kept = filesHeld.get(champs);
  if (kept && kept.types === types) return kept.held;
  const held = champs.some((c) =>
    [c, ...(c.children ?? [])].some((d) => types.get(d.type)?.files !== undefined)
  );
  filesHeld.set(champs, { types, held });
  return held;
}

/** The label of the champ at an error key of `champs`. */
function champLabels(champs: readonly ChampDescriptor[]): (key: string) => string | undefined {
  const labels = new Map<string, string>();
  for (const c of champs) {
    labels.set(c.stableId, c.label);
    for (const k of c.children ?? []) labels.set(k.stableId, k.label);
  }
  // A key inside a repetition block is `block.row.child`: the child names the champ.
  return (key: string) => labels.get(key) ?? labels.get(key.split(".").pop()!);
}

/**
 * For a deposit: an error on each champ holding a file the antivirus has not found sound
 * (still being checked, infected, refused), naming the champ.
 */
async function checkScans(
  deps: Deps,
  champs: readonly ChampDescriptor[],
  result: CheckResult,
): Promise<void> {
  const problems = await unsoundFiles(deps.db, result.files, champLabels(champs));
  for (const [key, message] of Object.entries(problems)) result.errors[key] ??= message;
}

/**
 * Refuses the save (a French CONFLICT naming the file and its champ, on each champ's key) when
 * a champ among `changed` (top-level stable ids) holds a file the antivirus has not found
 * sound: what others read at once (annotations privées) takes no file still being checked.
 */
async function refuseUnsound(
  deps: Deps,
  champs: readonly ChampDescriptor[],
  result: CheckResult,
  changed: ReadonlySet<string>,
): Promise<void> {
  const files = Object.fromEntries(
    Object.entries(result.files).filter(([key]) => changed.has(key.split(".")[0])),
  );
  const problems = await unsoundFiles(deps.db, files, champLabels(champs));
  const first = Object.values(problems)[0];
  if (first) throw new AppError("CONFLICT", first, problems);
}

/**
 * Checks values against the form with the files described by what the server stored (name,
 * size, sniffed type: never what the client sent), then attaches the files they name. A file
 * that is neither this person's unattached upload nor already the dossier's is missing; for
 * a deposit, one the antivirus has not found sound is an error on its champ; with
 * `soundNow`, the champs (top-level stable ids) whose files must already be sound, or the
 * whole save is refused.
 */
export async function checkDossierValues(
  deps: Deps,
  dossier: { id: number; uploaderId: number },
  champs: readonly ChampDescriptor[],
  input: Readonly<Record<string, unknown>>,
  opts: { deposit: boolean; soundNow?: ReadonlySet<string> },
): Promise<CheckResult> {
  const base = { types: deps.host.champTypes, now: deps.clock(), deposit: opts.deposit };
  if (!holdsFiles(champs, base.types)) {
    const result = checkValues(champs, input, base);
    await checkFiles(deps, dossier, result.files, result.errors);
    if (opts.deposit) await checkScans(deps, champs, result);
    if (opts.soundNow) await refuseUnsound(deps, champs, result, opts.soundNow);
    return result;
  }
  // A first pass only learns which files the values name.
  const named = new Set<string>();
  checkValues(champs, input, {
    ...base,
    file: (id) => {
      named.add(id);
      return { filename: "", size: 1, mime: "" };
    },
  });
  const stored = await usableFiles(deps.db, {
    dossierId: dossier.id,
    uploaderId: dossier.uploaderId,
    ids: [...named],
  });
  const result = checkValues(champs, input, { ...base, file: (id) => stored.get(id) });
  await checkFiles(deps, dossier, result.files, result.errors);
  if (opts.deposit) await checkScans(deps, champs, result);
  if (opts.soundNow) await refuseUnsound(deps, champs, result, opts.soundNow);
  return result;
}

/** An invité's rights on the dossier: which champs they see and may edit. */
export interface InviteAccess {
  readonly maySee: (stableId: string) => boolean;
  readonly mayEdit: (stableId: string) => boolean;
}

/**
 * The dossier if `actor` owns it — or, with `invites`, was invited to fill it (then
 * `invite` says what they may touch). Anyone else reads « not found ».
 */
export async function ownDossier(
  deps: Deps,
  actor: Actor | null,
  id: number,
  opts: { invites?: boolean } = {},
) {
  const dossier = await store.findDossier(deps.db, id);
  const me = authorize(actor, "dossier.creer");
  const notFound = () => new AppError("NOT_FOUND", "Ce dossier n’existe pas.");
  if (!dossier) throw notFound();
  let invitation: { kind: string; scope: string; user_id: number } | undefined;
  if (!can(me, "dossier.usager", { ownerId: dossier.owner_id })) {
    invitation = opts.invites ? await invitationFor(deps.db, dossier.id, me.userId) : undefined;
    if (!invitation || !can(me, "dossier.coconstruire", { readerIds: [invitation.user_id] })) {
      throw notFound();
    }
  }
  const demarche = await demarcheOf(deps.db, dossier.demarche_id);
  const form = await formOf(deps.db, dossier, dossier.is_test === 1);
  const invite = invitation
    ? inviteAccess(deps, form, {
      kind: invitation.kind,
      scope: parseInvitationScope(invitation.scope),
    })
    : null;
  return { dossier, demarche, form, invite };
}

/**
 * The dossier if `actor` instructs it (a member of its groupe, and it is not a brouillon),
 * with its démarche and form; anyone else reads « not found ».
 */
export async function instructedDossier(deps: Deps, actor: Actor | null, id: number) {
  const me = authorize(actor, "compte.lire");
  const notFound = () =>
    new AppError("NOT_FOUND", "Ce dossier n’existe pas ou n’est pas dans vos groupes.");
  const dossier = await store.findDossier(deps.db, id);
  if (!dossier || dossier.state === "brouillon" || dossier.groupe_id === null) throw notFound();
  try {
    authorize(me, "dossier.instruire", {
      readerIds: await groupeMemberIds(deps.db, dossier.groupe_id),
    });
  } catch {
    throw notFound();
  }
  const demarche = await demarcheOf(deps.db, dossier.demarche_id);
  const form = await formOf(deps.db, dossier, false);
  return { me, dossier, demarche, form };
}

/** What an invitation lets its invité see and edit, champ by champ, by section. */
export function inviteAccess(
  deps: Deps,
  form: Form,
  invitation: { kind: string; scope: unknown },
): InviteAccess {
  const kind = deps.host.invitationKinds.get(invitation.kind);
  const sectionOf = new Map<string, string | null>();
  let section: string | null = null;
  for (const c of form.champs) {
    if (deps.host.champTypes.get(c.type)?.section) section = c.stableId;
    sectionOf.set(c.stableId, section);
  }
  const ask = (fn: "mayEdit" | "maySee") => (stableId: string) =>
    kind
      ? kind[fn](invitation.scope, { stableId, section: sectionOf.get(stableId) ?? null })
      : false;
  return { maySee: ask("maySee"), mayEdit: ask("mayEdit") };
}
