/**
 * Démarche use cases for administrators: create, list, edit settings and the draft form,
 * delete while en test. Every action checks the policy: only the démarche's administrators
 * may read or change it.
 */
import * as v from "valibot";
import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";
import { type Actor, authorize } from "../policy/mod.ts";
import { administered } from "./_access.ts";
import { renderMarkdown } from "./markdown.ts";
import { demarchePlugins } from "../plugin_host/service.ts";
import { type FormIssue, formSchema } from "../shared/form.ts";
import { validateForm } from "./model.ts";
import {
  type DemarcheSettings,
  type StoredSettings,
  storedSiteWeb,
  suggestPath,
} from "./settings.ts";
import { createDefaultGroupe } from "./groupes.ts";
import * as store from "./store.ts";
import { parseForm, parseSettings } from "./codecs.ts";
import { attachLogo, findFile } from "../files/store.ts";
import { requireSound } from "../files/service.ts";
import { recordEvent } from "../audit/service.ts";
import { checkIdentite } from "./identite.ts";

function view(d: NonNullable<Awaited<ReturnType<typeof store.findDemarche>>>) {
  const settings = parseSettings(d.settings);
  return {
    id: d.id,
    titre: d.titre,
    description: d.description,
    descriptionHtml: renderMarkdown(d.description),
    state: d.state,
    mode: d.mode,
    path: d.path,
    service: settings.service ?? null,
    siteWeb: storedSiteWeb(settings.siteWeb),
    avis: settings.avis ?? { enabled: true, experts: [] },
    logoFileId: settings.logoFileId ?? null,
    unDossierParUsager: settings.unDossierParUsager ?? false,
    decisionImplicite: settings.decisionImplicite ?? null,
    identiteFranceConnect: settings.identiteFranceConnect ?? null,
    retentionMonths: d.retention_months,
    deadline: d.deadline_at,
    form: parseForm(d.draft_form),
    createdAt: d.created_at,
    updatedAt: d.updated_at,
    publishedAt: d.published_at,
  };
}

/** `base`, or `base-2`, `base-3`… whichever no live démarche uses. */
export async function freePath(
  trx: Parameters<typeof store.pathTaken>[0],
  base: string,
): Promise<string> {
  for (let n = 1;; n++) {
    const candidate = n === 1 ? base : `${base}-${n}`;
    if (!(await store.pathTaken(trx, candidate))) return candidate;
  }
}

/** Creates a démarche en test; its creator is its first administrator. */
export async function createDemarche(deps: Deps, actor: Actor | null, input: { titre: string }) {
  const admin = authorize(actor, "demarche.creer");
  return await deps.db.transaction().execute(async (trx) => {
    const now = deps.clock().toISOString();
    const id = await store.insertDemarche(trx, { titre: input.titre, settings: "{}", now });
    await store.addAdministrateur(trx, id, admin.userId, now);
    await store.setState(trx, id, {
      state: "brouillon",
      path: await freePath(trx, suggestPath(input.titre)),
    }, now);
    await createDefaultGroupe(trx, id, now);
    return { id };
  });
}

/** The actor's démarches grouped as the administrator space shows them. */
export async function listMyDemarches(deps: Deps, actor: Actor | null) {
  const admin = authorize(actor, "espace_admin.acceder");
  const rows = await store.listForAdministrateur(deps.db, admin.userId);
  return {
    enTest: rows.filter((r) => r.state === "brouillon"),
    publiees: rows.filter((r) => r.state === "publiee"),
    closes: rows.filter((r) => r.state === "close" || r.state === "depubliee"),
  };
}

export async function getDemarche(deps: Deps, actor: Actor | null, input: { id: number }) {
  return view(await administered(deps, actor, input.id));
}

export async function updateSettings(
  deps: Deps,
  actor: Actor | null,
  input: DemarcheSettings & { id: number },
) {
  const demarche = await administered(deps, actor, input.id);
  const previous = parseSettings(demarche.settings);
  const decisionImplicite = checkImplicitDecision(demarche.state, input, previous);
  const settings: StoredSettings = {
    service: input.service,
    siteWeb: input.siteWeb,
    avis: input.avis ?? previous.avis,
    logoFileId: previous.logoFileId ?? null,
    unDossierParUsager: input.unDossierParUsager ?? previous.unDossierParUsager ?? false,
    decisionImplicite,
    identiteFranceConnect: await checkIdentite(
      deps,
      demarche.draft_form,
      input.identiteFranceConnect,
      previous.identiteFranceConnect,
    ),
  };
  const changes = {
    titre: input.titre,
    description: input.description,
    mode: input.mode,
    settings: JSON.stringify(settings),
    retention_months: input.retentionMonths,
    deadline_at: input.deadline,
  };
  await deps.db.transaction().execute(async (trx) => {
    await store.updateDemarche(trx, input.id, changes, deps.clock().toISOString());
    await recordEvent(deps, trx, {
      action: "demarche.parametres",
      actor,
      target: { type: "demarche", id: input.id },
      demarcheId: input.id,
      details: {
        modifies: changedKeys(demarche, changes, { before: previous, after: settings }),
      },
    });
  });
}

/** The columns and settings an update changes, for the audit log. */
function changedKeys(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  settings: { before: object; after: object },
): string[] {
  const changed = Object.keys(after).filter((k) => k !== "settings" && before[k] !== after[k]);
  const was: Record<string, unknown> = { ...settings.before };
  const now: Record<string, unknown> = { ...settings.after };
  for (const key of new Set([...Object.keys(was), ...Object.keys(now)])) {
    if (JSON.stringify(was[key] ?? null) !== JSON.stringify(now[key] ?? null)) changed.push(key);
  }
  return changed;
}

/**
 * The « silence vaut … » rule to store: the input's (absent: unchanged). Refused with a
 * declarative mode, and changed once published: usagers deposited under the published rule.
 */
function checkImplicitDecision(
  state: string,
  input: Pick<DemarcheSettings, "mode" | "decisionImplicite">,
  previous: Partial<StoredSettings>,
): StoredSettings["decisionImplicite"] {
  const before = previous.decisionImplicite ?? null;
  const after = input.decisionImplicite === undefined ? before : input.decisionImplicite;
  if (state !== "brouillon" && JSON.stringify(after) !== JSON.stringify(before)) {
    throw new AppError(
      "CONFLICT",
      "La décision implicite ne peut plus être modifiée : la démarche est publiée et des usagers ont déposé sous cette règle.",
      {
        decisionImplicite: "La décision implicite ne peut plus être modifiée après la publication.",
      },
    );
  }
  if (after && input.mode !== "instruction") {
    throw new AppError(
      "BAD_REQUEST",
      "Une démarche déclarative décide d’elle-même : choisissez le mode instruction pour une décision implicite, ou « Aucune ».",
      { decisionImplicite: "Incompatible avec une démarche déclarative." },
    );
  }
  return after;
}

/**
 * Saves the draft form. It is saved even with problems (an administrator builds a form
 * step by step); the problems come back so the editor shows them beside each champ, and
 * publication refuses a form that still has any.
 */
export async function saveForm(
  deps: Deps,
  actor: Actor | null,
  input: { id: number; form: v.InferOutput<typeof formSchema> },
): Promise<{ issues: FormIssue[] }> {
  await administered(deps, actor, input.id);
  const states = await demarchePlugins(deps.db, deps.host, input.id);
  const enabled = new Set(states.filter((s) => s.enabled).map((s) => s.pluginId));
  const issues = validateForm(input.form, deps.host.champTypes, {
    isTypeAllowed: (type) => enabled.has(deps.host.champTypes.ownerOf(type) ?? ""),
  });
  if (issues.some((i) => i.message.startsWith("Type de champ inconnu"))) {
    throw new AppError(
      "BAD_REQUEST",
      issues.find((i) => i.message.startsWith("Type de champ inconnu"))!.message,
    );
  }
  await store.updateDemarche(
    deps.db,
    input.id,
    { draft_form: JSON.stringify(input.form) },
    deps.clock().toISOString(),
  );
  return { issues };
}

/** The champ types an administrator may add to this démarche (enabled plugins only). */
export async function availableChampTypes(deps: Deps, actor: Actor | null, input: { id: number }) {
  await administered(deps, actor, input.id);
  const states = await demarchePlugins(deps.db, deps.host, input.id);
  const enabled = new Set(states.filter((s) => s.enabled).map((s) => s.pluginId));
  return deps.host.champTypes.list()
    .filter((t) => enabled.has(deps.host.champTypes.ownerOf(t.type) ?? ""))
    .map((t) => ({
      type: t.type,
      label: t.label,
      category: t.category,
      conditionSource: t.conditionSource ?? null,
      fillable: t.fillable !== false,
      container: t.container === true,
    }));
}

/** Deletes a démarche en test (and its test dossiers); a published one must be closed. */
export async function deleteDemarche(deps: Deps, actor: Actor | null, input: { id: number }) {
  const demarche = await administered(deps, actor, input.id);
  if (demarche.state !== "brouillon") {
    throw new AppError(
      "CONFLICT",
      "Seule une démarche en test peut être supprimée ; une démarche publiée se clôt.",
    );
  }
  await store.deleteDemarche(deps.db, input.id);
}

const LOGO_MIMES = new Set(["image/png", "image/jpeg", "image/webp", "image/gif"]);
const LOGO_MAX_BYTES = 1024 * 1024;

/**
 * Sets (or with null, removes) the démarche's logo: an image the administrator uploaded,
 * of at most 1 Mo, that the antivirus (when there is one) found sound. It then is public,
 * shown on the démarche's page.
 */
export async function setLogo(
  deps: Deps,
  actor: Actor | null,
  input: { id: number; fileId: string | null },
) {
  const demarche = await administered(deps, actor, input.id);
  const settings = parseSettings(demarche.settings);
  await deps.db.transaction().execute(async (trx) => {
    if (input.fileId) {
      const file = await findFile(trx, input.fileId);
      if (!file || file.uploader_id !== actor!.userId || file.attached_kind !== null) {
        throw new AppError(
          "BAD_REQUEST",
          "Ce fichier est introuvable : envoyez le logo à nouveau.",
        );
      }
      if (!LOGO_MIMES.has(file.mime)) {
        throw new AppError("BAD_REQUEST", "Le logo doit être une image PNG, JPEG, WebP ou GIF.");
      }
      if (file.size > LOGO_MAX_BYTES) {
        throw new AppError("BAD_REQUEST", "Le logo ne doit pas dépasser 1 Mo.");
      }
      // Public at once, and drawn on attestations: only once the antivirus found it sound.
      await requireSound(trx, [file.id]);
      await attachLogo(trx, file.id, demarche.id);
    }
    await store.updateDemarche(trx, demarche.id, {
      settings: JSON.stringify({ ...settings, logoFileId: input.fileId }),
    }, deps.clock().toISOString());
  });
}
