/**
 * The e-mails a démarche's usagers receive (seed step 5, « les e-mails qui seront reçus par
 * les usagers »): one per moment of the dossier's life, each a subject and a body with tags
 * (`--numéro du dossier--`, `--libellé démarche--`, a champ's label…) that the administrator
 * may rewrite. Pure: core/demarches/mail_templates.ts stores them, `dossier_mails.ts` sends them.
 */
import * as v from "valibot";
import { memoByText } from "../shared/text_memo.ts";

export const MAIL_KINDS = [
  "depose",
  "en_instruction",
  "accepte",
  "refuse",
  "sans_suite",
  "en_construction",
] as const;
export type MailKind = typeof MAIL_KINDS[number];

export interface MailTemplate {
  readonly subject: string;
  readonly body: string;
}

/** What each e-mail is, and when the usager receives it. */
export const MAIL_KIND_INFO: Readonly<Record<MailKind, { label: string; when: string }>> = {
  depose: {
    label: "Accusé de dépôt",
    when: "Quand l’usager dépose son dossier.",
  },
  en_instruction: {
    label: "Passage en instruction",
    when: "Quand un instructeur (ou la démarche déclarative) passe le dossier en instruction.",
  },
  accepte: { label: "Acceptation", when: "Quand le dossier est accepté." },
  refuse: { label: "Refus", when: "Quand le dossier est refusé." },
  sans_suite: { label: "Classement sans suite", when: "Quand le dossier est classé sans suite." },
  en_construction: {
    label: "Retour en construction",
    when: "Quand un instructeur repasse le dossier en construction pour que l’usager le modifie.",
  },
};

const LINK = "--lien dossier--";
const MOTIVATION = "--motivation--";

/** The tags every e-mail knows, with what they become. */
export const BASE_TAGS: readonly { readonly tag: string; readonly description: string }[] = [
  { tag: "--numéro du dossier--", description: "Le numéro du dossier, par exemple 1234." },
  { tag: "--libellé démarche--", description: "Le titre de la démarche." },
  { tag: "--état du dossier--", description: "L’état du dossier : « accepté », « refusé »…" },
  { tag: "--date de dépôt--", description: "La date du dépôt, par exemple « 3 mars 2026 »." },
  { tag: "--date de décision--", description: "La date de la décision, s’il y en a une." },
  { tag: MOTIVATION, description: "Le motif donné par l’instructeur, s’il y en a un." },
  { tag: LINK, description: "L’adresse de la page du dossier." },
  { tag: "--e-mail de l’usager--", description: "L’adresse e-mail du titulaire du dossier." },
  { tag: "--service--", description: "Le service en charge de la démarche, et son organisme." },
];

const stateSentence = (etat: string) => ({
  subject: `Votre dossier n° --numéro du dossier-- est ${etat}`,
  body:
    `Bonjour,\n\nVotre dossier n° --numéro du dossier-- pour la démarche « --libellé démarche-- » est ${etat}.\n\nMotif : ${MOTIVATION}\n\nSuivre votre dossier : ${LINK}`,
});

/** Guichet's own text of each e-mail, used until an administrator writes another. */
export const DEFAULT_TEMPLATES: Readonly<Record<MailKind, MailTemplate>> = {
  depose: {
    subject: "Votre dossier n° --numéro du dossier-- est déposé",
    body:
      `Bonjour,\n\nVotre dossier n° --numéro du dossier-- pour la démarche « --libellé démarche-- » a bien été déposé. L’administration peut maintenant le consulter ; vous pouvez encore le modifier tant qu’elle ne l’a pas pris en charge.\n\nSuivre votre dossier : ${LINK}`,
  },
  en_instruction: stateSentence("en instruction"),
  accepte: stateSentence("accepté"),
  refuse: stateSentence("refusé"),
  sans_suite: stateSentence("classé sans suite"),
  en_construction: stateSentence("en construction"),
};

const DECLARATIVE_DEPOSE: Readonly<Record<string, string>> = {
  declarative_accepte:
    "Cette démarche est déclarative : votre dossier est accepté dès son dépôt. Vous recevrez un e-mail qui le confirme.",
  declarative_en_instruction:
    "Cette démarche est déclarative : votre dossier passe en instruction dès son dépôt. Vous serez informé de la décision par e-mail.",
};

/**
 * Guichet's text of the `kind` e-mail for a démarche in `mode`. A declarative démarche takes
 * its dossiers in charge at once: its « déposé » e-mail cannot promise changes.
 */
export function defaultTemplate(kind: MailKind, mode: string): MailTemplate {
  const declarative = DECLARATIVE_DEPOSE[mode];
  if (kind !== "depose" || !declarative) return DEFAULT_TEMPLATES[kind];
  return {
    subject: DEFAULT_TEMPLATES.depose.subject,
    body:
      `Bonjour,\n\nVotre dossier n° --numéro du dossier-- pour la démarche « --libellé démarche-- » a bien été déposé. ${declarative}\n\nSuivre votre dossier : ${LINK}`,
  };
}

/** The tag of a champ: its label between double dashes. */
export const champTag = (label: string) => `--${label.trim()}--`;

/** Every tag an e-mail of this form may use. */
export function knownTags(champs: readonly { readonly label: string }[]): Set<string> {
  return new Set([...BASE_TAGS.map((t) => t.tag), ...champs.map((c) => champTag(c.label))]);
}

/** `--text--` with no space or dash just inside: « -- merci -- » in a sentence is no tag. */
const TAG = /--[^\s-](?:[^\n]*?[^\s-])?--/g;

/** The tags a text uses that the form does not know, each once. */
export function unknownTags(text: string, known: ReadonlySet<string>): string[] {
  return [...new Set(text.match(TAG) ?? [])].filter((t) => !known.has(t));
}

const problem = (what: string, max: number) =>
  v.pipe(
    v.string(`Écrivez ${what}.`),
    v.trim(),
    v.nonEmpty(`Écrivez ${what}.`),
    v.maxLength(
      max,
      `${what[0].toUpperCase()}${what.slice(1)} ne doit pas dépasser ${max} caractères.`,
    ),
  );

export const mailTemplateSchema = v.object({
  subject: problem("l’objet de l’e-mail", 200),
  body: problem("le texte de l’e-mail", 10_000),
});

/**
 * The e-mail with its tags replaced. A line holding a tag with nothing to put in it is left
 * out (no « Motif : » without a motif); the dossier's link is added if the text forgot it, so
 * the usager can always reach their dossier.
 */
export function renderTemplate(
  template: MailTemplate,
  values: ReadonlyMap<string, string>,
): { subject: string; text: string } {
  const fill = (line: string) => line.replace(TAG, (tag) => values.get(tag) ?? tag);
  const empty = (line: string) => (line.match(TAG) ?? []).some((t) => values.get(t) === "");
  const lines = template.body.split("\n").filter((line) => !empty(line)).map(fill);
  let text = lines.join("\n").replace(/\n{3,}/g, "\n\n").trim();
  const link = values.get(LINK);
  if (link && !text.includes(link)) text += `\n\nSuivre votre dossier : ${link}`;
  return { subject: fill(template.subject).replace(/\s+/g, " ").trim(), text };
}

/** A démarche's stored templates, those that are not valid any more left out. */
export function storedTemplates(json: string): Partial<Record<MailKind, MailTemplate>> {
  const parsed = v.safeParse(
    v.record(v.picklist(MAIL_KINDS), mailTemplateSchema),
    (() => {
      try {
        return JSON.parse(json);
      } catch {
        return {};
      }
    })(),
  );
  return parsed.success ? parsed.output : {};
}

/**
 * `storedTemplates` parsed once per distinct text and shared (frozen): what each e-mail about
 * a dossier reads. Read them, never change them; `storedTemplates` gives a copy of one's own.
 */
export const sharedTemplates: (json: string) => Readonly<Partial<Record<MailKind, MailTemplate>>> =
  memoByText(storedTemplates);
