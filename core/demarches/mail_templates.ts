/**
 * The administrator's side of the usagers' e-mails: read each (theirs or Guichet's), rewrite
 * it with tags checked against the form, go back to Guichet's text, preview it on an example
 * dossier. Only the démarche's administrators reach them.
 */
import * as v from "valibot";
import { rowId } from "../shared/ids.ts";
import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";
import type { Actor } from "../policy/mod.ts";
import { administered } from "./_access.ts";
import { parseForm } from "./codecs.ts";
import * as store from "./store.ts";
import { parseMailSender } from "../notifications/model.ts";
import { mailFooter } from "../notifications/mail_layout.ts";
import {
  BASE_TAGS,
  champTag,
  defaultTemplate,
  knownTags,
  MAIL_KIND_INFO,
  MAIL_KINDS,
  type MailKind,
  mailTemplateSchema,
  renderTemplate,
  storedTemplates,
  unknownTags,
} from "../notifications/templates.ts";

const id = rowId("Identifiant inconnu.");
const kind = v.picklist(MAIL_KINDS, "E-mail inconnu.");

export const mailInputs = {
  get: v.object({ id }),
  save: v.object({ id, kind, ...mailTemplateSchema.entries }),
  reset: v.object({ id, kind }),
  preview: v.object({
    id,
    kind,
    subject: v.pipe(v.string(), v.maxLength(200)),
    body: v.pipe(v.string(), v.maxLength(10_000)),
  }),
};

/** The fillable champs of the draft form: those an e-mail may name. */
function taggedChamps(deps: Deps, draftForm: string) {
  return parseForm(draftForm).champs.filter((c) => {
    const type = deps.host.champTypes.get(c.type);
    return type && type.fillable !== false && !type.container;
  });
}

/** Every e-mail of the démarche, as it will be sent, with the tags the editor offers. */
export async function getMails(deps: Deps, actor: Actor | null, input: { id: number }) {
  const demarche = await administered(deps, actor, input.id);
  const stored = storedTemplates(demarche.mail_templates);
  const champs = taggedChamps(deps, demarche.draft_form);
  return {
    mails: MAIL_KINDS.map((k) => ({
      kind: k,
      ...MAIL_KIND_INFO[k],
      custom: k in stored,
      ...(stored[k] ?? defaultTemplate(k, demarche.mode)),
      defaultSubject: defaultTemplate(k, demarche.mode).subject,
      defaultBody: defaultTemplate(k, demarche.mode).body,
    })),
    tags: [
      ...BASE_TAGS,
      ...champs.map((c) => ({
        tag: champTag(c.label),
        description: `La réponse à « ${c.label} ».`,
      })),
    ],
  };
}

async function setTemplate(
  deps: Deps,
  demarcheId: number,
  mailTemplates: string,
  change: (t: Record<string, unknown>) => void,
) {
  const templates = storedTemplates(mailTemplates) as Record<string, unknown>;
  change(templates);
  await store.updateDemarche(
    deps.db,
    demarcheId,
    { mail_templates: JSON.stringify(templates) },
    deps.clock().toISOString(),
  );
}

/** Keeps the administrator's text of one e-mail; a tag the form does not know is refused. */
export async function saveMail(
  deps: Deps,
  actor: Actor | null,
  input: { id: number; kind: MailKind; subject: string; body: string },
) {
  const demarche = await administered(deps, actor, input.id);
  const known = knownTags(taggedChamps(deps, demarche.draft_form));
  const errors: Record<string, string> = {};
  for (const field of ["subject", "body"] as const) {
    const unknown = unknownTags(input[field], known);
    if (unknown.length) {
      errors[field] =
        `${unknown.length > 1 ? "Ces balises n’existent" : "Cette balise n’existe"} ` +
        `pas : ${unknown.join(", ")}. Choisissez parmi les balises proposées (un champ se ` +
        `nomme par son libellé exact).`;
    }
  }
  if (Object.keys(errors).length) {
    throw new AppError("BAD_REQUEST", Object.values(errors)[0], errors);
  }
  await setTemplate(deps, input.id, demarche.mail_templates, (t) => {
    t[input.kind] = { subject: input.subject, body: input.body };
  });
}

/** Goes back to Guichet's own text for one e-mail. */
export async function resetMail(
  deps: Deps,
  actor: Actor | null,
  input: { id: number; kind: MailKind },
) {
  const demarche = await administered(deps, actor, input.id);
  await setTemplate(deps, input.id, demarche.mail_templates, (t) => {
    delete t[input.kind];
  });
}

/** The e-mail as an usager would read it, on an example dossier. */
export async function previewMail(
  deps: Deps,
  actor: Actor | null,
  input: { id: number; kind: MailKind; subject: string; body: string },
) {
  const demarche = await administered(deps, actor, input.id);
  const champs = taggedChamps(deps, demarche.draft_form);
  const decided = ["accepte", "refuse", "sans_suite"].includes(input.kind);
  const values = new Map<string, string>([
    ["--numéro du dossier--", "1234"],
    ["--libellé démarche--", demarche.titre],
    ["--état du dossier--", EXAMPLE_STATE[input.kind]],
    ["--date de dépôt--", "3 mars 2026"],
    ["--date de décision--", decided ? "17 mars 2026" : ""],
    ["--motivation--", decided ? "(le motif écrit par l’instructeur)" : ""],
    ["--lien dossier--", `${deps.baseUrl}/dossiers/1234`],
    ["--e-mail de l’usager--", "camille@exemple.fr"],
    ["--service--", "(le service en charge de la démarche)"],
    ...champs.map((c): [string, string] => [champTag(c.label), `(réponse à « ${c.label} »)`]),
  ]);
  const { subject, text } = renderTemplate({ subject: input.subject, body: input.body }, values);
  const service = parseMailSender(demarche.settings);
  return { subject, text: text + mailFooter(service) };
}

const EXAMPLE_STATE: Readonly<Record<MailKind, string>> = {
  depose: "en construction",
  en_instruction: "en instruction",
  accepte: "accepté",
  refuse: "refusé",
  sans_suite: "classé sans suite",
  en_construction: "en construction",
};
