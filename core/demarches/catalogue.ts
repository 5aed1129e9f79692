/**
 * The catalogue (published démarches with at least 30 deposited dossiers, plus the
 * instance's templates), cloning, and the JSON definition used to move a démarche between
 * instances.
 */
import {
  knownTags,
  MAIL_KINDS,
  mailTemplateSchema,
  storedTemplates,
  unknownTags,
} from "../notifications/templates.ts";
import * as v from "valibot";
import { rowId } from "../shared/ids.ts";
import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";
import { type Actor, authorize, can } from "../policy/mod.ts";
import type { Executor } from "../db/mod.ts";
import { administered, notFound } from "./_access.ts";
import { renderMarkdown } from "./markdown.ts";
import { formSchema } from "../shared/form.ts";
import { validateForm } from "./model.ts";
import {
  demarcheSettingsInput,
  implicitDecisionSchema,
  type StoredSettings,
  storedSiteWeb,
  suggestPath,
} from "./settings.ts";
import { createDefaultGroupe } from "./groupes.ts";
import { parseForm, parseSettings } from "./codecs.ts";
import * as groupesStore from "./groupes_store.ts";
import { freePath } from "./service.ts";
import * as store from "./store.ts";
import { recordEvent } from "../audit/service.ts";

/** Dossiers a published démarche needs before others can see it in the catalogue. */
export const CATALOGUE_THRESHOLD = 30;

const PUBLIC_STATES = ["publiee", "close", "depubliee"];

export const catalogueInputs = {
  list: v.object({
    query: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(200, "Recherche trop longue.")), ""),
  }),
  read: v.object({ id: rowId("Démarche inconnue.") }),
  clone: v.object({
    id: rowId("Démarche inconnue."),
    champs: v.optional(v.boolean(), true),
    annotations: v.optional(v.boolean(), true),
    instructeurs: v.optional(v.boolean(), false),
  }),
  setTemplate: v.object({
    id: rowId("Démarche inconnue."),
    template: v.boolean(),
  }),
};

async function inCatalogue(db: Executor, id: number) {
  const d = await store.findDemarche(db, id);
  if (!d) return undefined;
  const listed = d.is_template === 1 ||
    (PUBLIC_STATES.includes(d.state) && d.deposited_dossiers_count >= CATALOGUE_THRESHOLD);
  return listed ? d : undefined;
}

/** Catalogue entries matching `query` in title, organisme or description. */
export async function listCatalogue(deps: Deps, actor: Actor | null, input: { query: string }) {
  authorize(actor, "catalogue.consulter");
  const rows = await store.searchCatalogue(deps.db, {
    query: input.query,
    publicStates: PUBLIC_STATES,
    threshold: CATALOGUE_THRESHOLD,
  });
  return rows.map((d) => {
    const s = parseSettings(d.settings);
    return {
      id: d.id,
      titre: d.titre,
      description: d.description.slice(0, 400),
      organisme: s.service?.organisme ?? "",
      dossiers: d.deposited_dossiers_count,
      isTemplate: d.is_template === 1,
    };
  });
}

/** A catalogue démarche as another administrator reads it: description, form, contact. */
export async function readCatalogueDemarche(
  deps: Deps,
  actor: Actor | null,
  input: { id: number },
) {
  authorize(actor, "catalogue.consulter");
  const d = await inCatalogue(deps.db, input.id);
  if (!d) throw notFound();
  const s = parseSettings(d.settings);
  const publishedForm = d.published_revision_id
    ? await store.revisionForm(deps.db, d.published_revision_id)
    : undefined;
  return {
    id: d.id,
    titre: d.titre,
    description: d.description,
    descriptionHtml: renderMarkdown(d.description),
    mode: d.mode,
    path: d.state === "publiee" ? d.path : null,
    service: s.service ?? null,
    dossiers: d.deposited_dossiers_count,
    isTemplate: d.is_template === 1,
    /** The reader administers it: cloning may then bring the service and instructeurs. */
    own: can(actor, "demarche.administrer", {
      administrateurIds: await store.administrateurIds(deps.db, d.id),
    }),
    form: parseForm(publishedForm ?? d.draft_form),
  };
}

/**
 * Copies a démarche into the actor's démarches en test. From someone else's démarche only
 * the form comes along; from one's own, the service and instructeurs may too.
 */
export async function cloneDemarche(
  deps: Deps,
  actor: Actor | null,
  input: { id: number; champs: boolean; annotations: boolean; instructeurs: boolean },
) {
  const admin = authorize(actor, "catalogue.consulter");
  const source = await store.findDemarche(deps.db, input.id);
  const own = source !== undefined &&
    can(admin, "demarche.administrer", {
      administrateurIds: await store.administrateurIds(deps.db, source.id),
    });
  if (!source || (!own && !(await inCatalogue(deps.db, input.id)))) throw notFound();
  const form = parseForm(source.draft_form);
  return await deps.db.transaction().execute(async (trx) => {
    const now = deps.clock().toISOString();
    // Someone else's démarche: its rules come along, not its service's contact details.
    const rules = parseSettings(source.settings);
    const settings = own ? source.settings : JSON.stringify({
      unDossierParUsager: rules.unDossierParUsager ?? false,
      decisionImplicite: rules.decisionImplicite ?? null,
    });
    const id = await store.insertDemarche(trx, { titre: `${source.titre} (copie)`, settings, now });
    await store.addAdministrateur(trx, id, admin.userId, now);
    await store.updateDemarche(trx, id, {
      description: source.description,
      mode: source.mode,
      retention_months: source.retention_months,
      draft_form: JSON.stringify({
        champs: input.champs ? form.champs : [],
        annotations: input.annotations ? form.annotations : [],
      }),
      // The usagers' e-mails come along (a tag naming a champ left behind is sent as written
      // until the administrator rewrites it; the e-mails page shows it).
      cloned_from: source.id,
      mail_templates: source.mail_templates,
    }, now);
    await store.setState(trx, id, {
      state: "brouillon",
      path: await freePath(trx, suggestPath(source.titre)),
    }, now);
    const defaultGroupe = await createDefaultGroupe(trx, id, now);
    if (own && input.instructeurs) {
      for (const userId of await groupesStore.instructeurIdsOfDemarche(trx, source.id)) {
        await groupesStore.addMember(trx, defaultGroupe, userId, now);
      }
    }
    return { id };
  });
}

/** Marks (or unmarks) a démarche as an instance template, shown in every catalogue. */
export async function setTemplate(
  deps: Deps,
  actor: Actor | null,
  input: { id: number; template: boolean },
) {
  const me = authorize(actor, "demarche.marquer_modele");
  await deps.db.transaction().execute(async (trx) => {
    if (!(await store.setTemplate(trx, input.id, input.template))) throw notFound();
    await recordEvent(deps, trx, {
      action: "demarche.modele",
      actor: me,
      target: { type: "demarche", id: input.id },
      demarcheId: input.id,
      details: { modele: input.template },
    });
  });
}

export const DEFINITION_FORMAT = "guichet-demarche";

export const definitionSchema = v.object({
  format: v.literal(DEFINITION_FORMAT, "Ce fichier n’est pas une définition de démarche Guichet."),
  version: v.literal(1, "Version de définition non prise en charge (attendue : 1)."),
  titre: demarcheSettingsInput.entries.titre,
  description: demarcheSettingsInput.entries.description,
  mode: demarcheSettingsInput.entries.mode,
  retentionMonths: demarcheSettingsInput.entries.retentionMonths,
  service: demarcheSettingsInput.entries.service,
  siteWeb: demarcheSettingsInput.entries.siteWeb,
  unDossierParUsager: v.optional(v.boolean("Indiquez oui ou non."), false),
  decisionImplicite: v.optional(v.nullable(implicitDecisionSchema), null),
  form: formSchema,
  /** The usagers' e-mails its administrators wrote (core/notifications/templates.ts). */
  mails: v.optional(v.record(v.picklist(MAIL_KINDS, "E-mail inconnu."), mailTemplateSchema), {}),
});

export type Definition = v.InferOutput<typeof definitionSchema>;

/** The démarche as a JSON definition (no dossiers, no people). */
export async function exportDefinition(
  deps: Deps,
  actor: Actor | null,
  input: { id: number },
): Promise<Definition> {
  const d = await administered(deps, actor, input.id);
  const s = parseSettings(d.settings);
  return {
    format: DEFINITION_FORMAT,
    version: 1,
    titre: d.titre,
    description: d.description,
    mode: d.mode as Definition["mode"],
    retentionMonths: d.retention_months,
    service: v.parse(demarcheSettingsInput.entries.service, s.service ?? {}),
    siteWeb: storedSiteWeb(s.siteWeb),
    unDossierParUsager: s.unDossierParUsager ?? false,
    decisionImplicite: s.decisionImplicite ?? null,
    form: parseForm(d.draft_form),
    mails: storedTemplates(d.mail_templates),
  };
}

/**
 * Creates a démarche en test from a definition. Refused, with every problem listed by
 * champ, when the form uses champ types this instance lacks or is otherwise invalid.
 */
export async function importDefinition(
  deps: Deps,
  actor: Actor | null,
  input: { definition: unknown },
) {
  const admin = authorize(actor, "demarche.creer");
  const parsed = v.safeParse(definitionSchema, input.definition);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    const where = v.getDotPath(issue);
    throw new AppError(
      "BAD_REQUEST",
      `Définition non valide${where ? ` (${where})` : ""} : ${issue.message}`,
    );
  }
  const def = parsed.output;
  const known = knownTags(def.form.champs);
  const unknown = Object.values(def.mails)
    .flatMap((m) => unknownTags(`${m?.subject}\n${m?.body}`, known));
  if (unknown.length) {
    throw new AppError(
      "BAD_REQUEST",
      `Définition non valide : les e-mails nomment des balises inconnues : ${
        [...new Set(unknown)].join(", ")
      }.`,
    );
  }
  const issues = validateForm(def.form, deps.host.champTypes);
  if (issues.length) {
    throw new AppError(
      "BAD_REQUEST",
      `Définition non valide : ${issues.map((i) => `« ${i.label} » : ${i.message}`).join(" ")}`,
      Object.fromEntries(issues.map((i) => [i.stableId, i.message])),
    );
  }
  return await deps.db.transaction().execute(async (trx) => {
    const now = deps.clock().toISOString();
    const settings: StoredSettings = {
      service: def.service,
      siteWeb: def.siteWeb,
      unDossierParUsager: def.unDossierParUsager,
      decisionImplicite: def.mode === "instruction" ? def.decisionImplicite : null,
    };
    const id = await store.insertDemarche(trx, {
      titre: def.titre,
      settings: JSON.stringify(settings),
      now,
    });
    await store.addAdministrateur(trx, id, admin.userId, now);
    await store.updateDemarche(trx, id, {
      description: def.description,
      mode: def.mode,
      retention_months: def.retentionMonths,
      draft_form: JSON.stringify(def.form),
      mail_templates: JSON.stringify(def.mails),
    }, now);
    await store.setState(trx, id, {
      state: "brouillon",
      path: await freePath(trx, suggestPath(def.titre)),
    }, now);
    await createDefaultGroupe(trx, id, now);
    return { id };
  });
}
