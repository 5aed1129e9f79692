/** A démarche's settings as the administrator edits them, and its publication path rules. */
import * as v from "valibot";
import { httpUrl, isHttpUrl } from "../shared/url.ts";
import { type IdentiteSettings, identiteSettingsSchema } from "../shared/identite.ts";

export const DEMARCHE_STATES = ["brouillon", "publiee", "close", "depubliee"] as const;
export type DemarcheState = typeof DEMARCHE_STATES[number];

export const MODES = ["instruction", "declarative_en_instruction", "declarative_accepte"] as const;
export type Mode = typeof MODES[number];

export const ORGANISME_TYPES = [
  "collectivite_territoriale",
  "administration_centrale",
  "service_deconcentre_de_l_etat",
  "etablissement_enseignement",
  "operateur_d_etat",
  "association",
  "autre",
] as const;

const optionalText = (max: number, label: string) =>
  v.optional(
    v.pipe(
      v.string(),
      v.trim(),
      v.maxLength(max, `${label} ne doit pas dépasser ${max} caractères.`),
    ),
    "",
  );

export const serviceSchema = v.object({
  nom: optionalText(200, "Le nom du service"),
  organisme: optionalText(200, "L’organisme"),
  typeOrganisme: v.optional(
    v.picklist(ORGANISME_TYPES, "Type d’organisme inconnu."),
    "collectivite_territoriale",
  ),
  email: v.optional(
    v.union([
      v.literal(""),
      v.pipe(
        v.string(),
        v.trim(),
        v.email("Indiquez l’adresse e-mail de contact du service, par exemple accueil@mairie.fr."),
      ),
    ], "Indiquez l’adresse e-mail de contact du service, par exemple accueil@mairie.fr."),
    "",
  ),
  telephone: optionalText(30, "Le téléphone"),
  adresse: optionalText(500, "L’adresse"),
  horaires: optionalText(500, "Les horaires"),
});

/** Whether instructeurs may ask avis externes, and of whom (empty list: anyone). */
export const avisSettingsSchema = v.object({
  enabled: v.optional(v.boolean(), true),
  experts: v.optional(
    v.pipe(
      v.array(
        v.pipe(
          v.string(),
          v.trim(),
          v.toLowerCase(),
          v.email("Indiquez des adresses e-mail d’experts valides."),
        ),
      ),
      v.maxLength(500),
    ),
    [],
  ),
});

export type AvisSettings = v.InferOutput<typeof avisSettingsSchema>;

export const IMPLICIT_DECISIONS = ["sva", "svr"] as const;
export const IMPLICIT_UNITS = ["jours", "semaines", "mois"] as const;
export const IMPLICIT_RESUMES = ["reset", "continue"] as const;

/**
 * « Silence vaut accord / rejet »: without a decision within `period` `unit` of the deposit,
 * the dossier is accepted (sva) or refused (svr). `resume` says what a demande de correction
 * does: the period starts again at the new deposit (reset) or is suspended meanwhile (continue).
 */
export const implicitDecisionSchema = v.object({
  decision: v.picklist(
    IMPLICIT_DECISIONS,
    "Décision implicite inconnue : silence vaut accord ou silence vaut rejet.",
  ),
  period: v.pipe(
    v.number("Le délai doit être un nombre."),
    v.integer("Le délai doit être un nombre entier."),
    v.minValue(1, "Le délai doit être d’au moins 1."),
    v.maxValue(12, "Le délai ne peut pas dépasser 12."),
  ),
  unit: v.picklist(IMPLICIT_UNITS, "Unité de délai inconnue : jours, semaines ou mois."),
  resume: v.optional(
    v.picklist(IMPLICIT_RESUMES, "Indiquez ce que fait une correction au délai."),
    "reset",
  ),
});

export type ImplicitDecision = v.InferOutput<typeof implicitDecisionSchema>;

const titre = v.pipe(
  v.string("Indiquez le titre de la démarche."),
  v.trim(),
  v.nonEmpty("Indiquez le titre de la démarche."),
  v.maxLength(200, "Le titre ne doit pas dépasser 200 caractères."),
);

/** Everything the *Paramètres* page edits. */
export const demarcheSettingsInput = v.object({
  titre,
  description: v.optional(
    v.pipe(
      v.string(),
      v.maxLength(20_000, "La description ne doit pas dépasser 20 000 caractères."),
    ),
    "",
  ),
  mode: v.optional(v.picklist(MODES, "Mode inconnu : instruction ou déclaratif."), "instruction"),
  service: v.optional(serviceSchema, {}),
  siteWeb: v.optional(
    v.union(
      [
        v.literal(""),
        httpUrl(
          "Indiquez l’adresse complète de la page, commençant par https://, par exemple https://www.mairie.fr/demarches.",
        ),
      ],
      "Indiquez l’adresse complète de la page, commençant par https://, par exemple https://www.mairie.fr/demarches.",
    ),
    "",
  ),
  retentionMonths: v.optional(
    v.pipe(
      v.number("La durée de conservation doit être un nombre de mois."),
      v.integer("La durée de conservation doit être un nombre entier de mois."),
      v.minValue(1, "Les dossiers doivent être conservés au moins 1 mois."),
      v.maxValue(60, "Les dossiers ne peuvent pas être conservés plus de 60 mois."),
    ),
    12,
  ),
  deadline: v.optional(
    v.nullable(v.pipe(v.string(), v.isoTimestamp("Indiquez une date limite valide."))),
    null,
  ),
  /** Absent: the avis settings stay as they are. */
  avis: v.optional(avisSettingsSchema),
  /** One dossier per usager (test dossiers apart). Absent: stays as it is. */
  unDossierParUsager: v.optional(v.boolean("Indiquez oui ou non.")),
  /** Silence vaut accord / rejet; null: none. Absent: stays as it is. */
  decisionImplicite: v.optional(v.nullable(implicitDecisionSchema)),
  /**
   * « Identité FranceConnect »: the champs the verified identity fills and locks; null: the
   * usager types them. Absent: stays as it is.
   */
  identiteFranceConnect: v.optional(v.nullable(identiteSettingsSchema)),
});

/**
 * A stored « Site internet » as it may be shown: one saved before addresses were checked
 * (say `javascript:…`) reads as none.
 */
export function storedSiteWeb(value: string | undefined): string {
  return value && isHttpUrl(value) ? value : "";
}

export type DemarcheSettings = v.InferOutput<typeof demarcheSettingsInput>;

/** The part of the settings stored as one JSON document. */
export interface StoredSettings {
  readonly service: v.InferOutput<typeof serviceSchema>;
  readonly siteWeb: string;
  readonly avis?: AvisSettings;
  /** The démarche's logo, an uploaded image served publicly at `/files/<id>`. */
  readonly logoFileId?: string | null;
  /** An usager files at most one dossier (the bin apart); a second start leads to the first. */
  readonly unDossierParUsager?: boolean;
  /** Silence vaut accord / rejet, fixed once the démarche is published. */
  readonly decisionImplicite?: ImplicitDecision | null;
  /** The champs a certified provider's identity (FranceConnect) fills and locks; null: none. */
  readonly identiteFranceConnect?: IdentiteSettings | null;
}

/** `Demande de titre de navigation` → `demande-de-titre-de-navigation`. */
export function suggestPath(title: string): string {
  return title.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
    .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 60) || "demarche";
}

export const pathSchema = v.pipe(
  v.string("Indiquez l’adresse de la démarche."),
  v.trim(),
  v.toLowerCase(),
  v.minLength(3, "L’adresse doit compter au moins 3 caractères."),
  v.maxLength(60, "L’adresse ne doit pas dépasser 60 caractères."),
  v.regex(
    /^[a-z0-9]+(-[a-z0-9]+)*$/,
    "L’adresse ne peut contenir que des lettres minuscules sans accent, des chiffres et des tirets (par exemple titre-de-navigation).",
  ),
  v.check((p) => p !== "test", "« test » est réservé : choisissez une autre adresse."),
);
