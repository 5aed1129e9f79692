/**
 * The e-mails about a dossier its usager receives, written from the démarche's templates
 * (core/demarches/mails.ts: the administrator's text, or Guichet's) and queued in the
 * transaction of the change they tell about.
 */
import type { Executor } from "../db/mod.ts";
import type { PluginHost } from "../plugin_host/host.ts";
import type { Form } from "../shared/form.ts";
import {
  BASE_TAGS,
  champTag,
  DEFAULT_TEMPLATES,
  type MailKind,
  renderTemplate,
  storedTemplates,
} from "../demarches/mails.ts";
import { queueMessage } from "./service.ts";
import { champText } from "../demarches/champ_text.ts";
import { SIGNATURE } from "./model.ts";

const STATE_WORDS: Readonly<Record<string, string>> = {
  en_construction: "en construction",
  en_instruction: "en instruction",
  accepte: "accepté",
  refuse: "refusé",
  sans_suite: "classé sans suite",
};

const frenchDate = (iso: string | null) =>
  iso
    ? new Date(iso).toLocaleDateString("fr-FR", {
      day: "numeric",
      month: "long",
      year: "numeric",
      timeZone: "Europe/Paris",
    })
    : "";

/**
 * The tags of a dossier, with what they become: the base tags, and each champ by its label
 * when `champs` (champ tags cost a parse of the form and the answers).
 */
export async function dossierTags(
  trx: Executor,
  host: PluginHost,
  input: { dossierId: number; to: string; link: string; motivation?: string | null },
  champs: boolean,
) {
  const d = await trx.selectFrom("dossiers")
    .innerJoin("demarches", "demarches.id", "dossiers.demarche_id")
    .leftJoin("revisions", "revisions.id", "dossiers.revision_id")
    .select([
      "dossiers.id",
      "dossiers.state",
      "dossiers.deposited_at",
      "dossiers.decided_at",
      "dossiers.champ_values",
      "demarches.titre",
      "demarches.settings",
      "revisions.form",
    ])
    .where("dossiers.id", "=", input.dossierId).executeTakeFirstOrThrow();
  const service = (JSON.parse(d.settings) as { service?: { nom?: string; organisme?: string } })
    .service;
  const values = new Map<string, string>([
    ["--numéro du dossier--", String(d.id)],
    ["--libellé démarche--", d.titre],
    ["--état du dossier--", STATE_WORDS[d.state] ?? d.state],
    ["--date de dépôt--", frenchDate(d.deposited_at)],
    ["--date de décision--", frenchDate(d.decided_at)],
    ["--motivation--", input.motivation?.trim() ?? ""],
    ["--lien dossier--", input.link],
    ["--e-mail de l’usager--", input.to],
    ["--service--", [service?.nom, service?.organisme].filter(Boolean).join(", ")],
  ]);
  if (champs && d.form) {
    const form = JSON.parse(d.form) as Form;
    const answers = JSON.parse(d.champ_values) as Record<string, unknown>;
    for (const c of form.champs) {
      const type = host.champTypes.get(c.type);
      if (!type || type.container || type.fillable === false) continue;
      values.set(champTag(c.label), champText(host.champTypes, c)(answers[c.stableId]));
    }
  }
  return values;
}

/** Queues the `kind` e-mail of dossier `dossierId` to its usager. */
export async function queueDossierMail(
  trx: Executor,
  host: PluginHost,
  kind: MailKind,
  input: {
    dossierId: number;
    to: string;
    link: string;
    motivation?: string | null;
    now: string;
  },
): Promise<void> {
  const templates = await trx.selectFrom("dossiers")
    .innerJoin("demarches", "demarches.id", "dossiers.demarche_id")
    .select("demarches.mail_templates").where("dossiers.id", "=", input.dossierId)
    .executeTakeFirstOrThrow();
  const template = storedTemplates(templates.mail_templates)[kind] ?? DEFAULT_TEMPLATES[kind];
  // Champ tags are read only when the text names something beyond the base tags.
  const base = new Set(BASE_TAGS.map((t) => t.tag));
  const named = `${template.subject}\n${template.body}`.match(/--[^\n]+?--/g) ?? [];
  const values = await dossierTags(trx, host, input, named.some((t) => !base.has(t)));
  const { subject, text } = renderTemplate(template, values);
  await queueMessage(trx, { to: input.to, subject, text: text + SIGNATURE }, {
    now: input.now,
  });
}
