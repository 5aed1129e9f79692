/**
 * Reading a démarche's JSON columns through valibot instead of trusting a cast: its forms
 * (`draft_form`, `revisions.form`) and its settings (`settings`).
 */
import * as v from "valibot";
import { type Form, formSchema } from "../shared/form.ts";
import {
  avisSettingsSchema,
  implicitDecisionSchema,
  serviceSchema,
  type StoredSettings,
} from "./settings.ts";
import { identiteSettingsSchema } from "../shared/identite.ts";
import { memoByText } from "../shared/text_memo.ts";

/** A stored form (validated when it was saved): throws if the row is not one. */
export function parseForm(json: string): Form {
  return v.parse(formSchema, JSON.parse(json));
}

/** A setting that does not read as its schema (an older shape) reads as absent. */
const kept = <S extends v.GenericSchema>(schema: S) => v.fallback(v.optional(schema), undefined);

const storedSettingsSchema = v.looseObject({
  service: kept(serviceSchema),
  siteWeb: kept(v.string()),
  avis: kept(avisSettingsSchema),
  logoFileId: kept(v.nullable(v.string())),
  unDossierParUsager: kept(v.boolean()),
  decisionImplicite: kept(v.nullable(implicitDecisionSchema)),
  identiteFranceConnect: kept(v.nullable(identiteSettingsSchema)),
});

/** The settings as stored; what a démarche never set is absent. */
export function parseSettings(json: string): Partial<StoredSettings> {
  return v.parse(storedSettingsSchema, JSON.parse(json));
}

/**
 * The settings as stored, parsed once per distinct text and shared (frozen): for what reads
 * them on every save or deposit (identity, one dossier per usager, « silence vaut … »).
 * Read them, never change them; `parseSettings` gives a copy of one's own.
 */
export const storedSettings: (json: string) => Readonly<Partial<StoredSettings>> = memoByText(
  parseSettings,
);
