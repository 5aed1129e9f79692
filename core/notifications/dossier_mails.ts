/**
 * The e-mails about a dossier its usager receives, written from the démarche's templates
 * (`templates.ts`: the administrator's text, or Guichet's) and queued in the transaction of
 * the change they tell about.
 */
import type { Executor } from "../db/mod.ts";
import type { PluginHost } from "../plugin_host/host.ts";
import { champText } from "../plugin_host/champ_text.ts";
import {
  BASE_TAGS,
  champTag,
  defaultTemplate,
  type MailKind,
  renderTemplate,
  sharedTemplates,
} from "./templates.ts";
import { queueMessage } from "./service.ts";
import { parseChampValues, parseMailChamps, parseMailSender, parseMailService } from "./model.ts";
import * as store from "./store.ts";

const STATE_WORDS: Readonly<Record<string, string>> = {
  en_construction: "en construction",
  en_instruction: "en instruction",
  accepte: "accepté",
  refuse: "refusé",
  sans_suite: "classé sans suite",
};

// One formatter for every mail: `toLocaleDateString` builds one per call (3 % of a deposit).
const FRENCH_DATE = new Intl.DateTimeFormat("fr-FR", {
  day: "numeric",
  month: "long",
  year: "numeric",
  timeZone: "Europe/Paris",
});

/** The last UTC hour formatted (`2026-03-12T14`), and its text. */
let lastHour = "";
let lastText = "";

/**
 * `2026-03-12T14:30:00.000Z` → `12 mars 2026`, in Paris. Paris has been a whole number of
 * hours from UTC since 1950 at least, so within a UTC hour its date is one: the text of the last
 * hour asked is kept (the deposit's mail formatted its date through Intl each time).
 */
function frenchDate(iso: string | null): string {
  if (!iso) return "";
  // Only an instant in UTC (as every stored date is) from 1950 on is kept.
  const utc = /^(19[5-9]\d|[2-9]\d{3})-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(iso);
  const hour = iso.slice(0, 13);
  if (utc && hour === lastHour) return lastText;
  const text = FRENCH_DATE.format(new Date(iso));
  if (utc) {
    lastHour = hour;
    lastText = text;
  }
  return text;
}

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
  const d = await store.dossierForMail(trx, input.dossierId);
  const values = new Map<string, string>([
    ["--numéro du dossier--", String(d.id)],
    ["--libellé démarche--", d.titre],
    ["--état du dossier--", STATE_WORDS[d.state] ?? d.state],
    ["--date de dépôt--", frenchDate(d.deposited_at)],
    ["--date de décision--", frenchDate(d.decided_at)],
    ["--motivation--", input.motivation?.trim() ?? ""],
    ["--lien dossier--", input.link],
    ["--e-mail de l’usager--", input.to],
    ["--service--", parseMailService(d.settings)],
  ]);
  if (champs && d.form) {
    const answers = parseChampValues(d.champ_values);
    for (const c of parseMailChamps(d.form)) {
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
  const demarche = await store.mailTemplatesOf(trx, input.dossierId);
  const template = sharedTemplates(demarche.mail_templates)[kind] ??
    defaultTemplate(kind, demarche.mode);
  // Champ tags are read only when the text names something beyond the base tags.
  const base = new Set(BASE_TAGS.map((t) => t.tag));
  const named = `${template.subject}\n${template.body}`.match(/--[^\n]+?--/g) ?? [];
  const values = await dossierTags(trx, host, input, named.some((t) => !base.has(t)));
  const { subject, text } = renderTemplate(template, values);
  await queueMessage(trx, { to: input.to, subject, text }, {
    now: input.now,
    service: parseMailSender(demarche.settings),
  });
}
