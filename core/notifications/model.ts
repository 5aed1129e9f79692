/**
 * The account e-mails, as pure functions of their data (French, plain text first), and the
 * codecs of what the e-mails about a dossier read from its row and its démarche's.
 */
import * as v from "valibot";
import { parseJsonColumn } from "../db/json.ts";
import { memoByText } from "../shared/text_memo.ts";
import type { OutgoingMessage } from "../plugin_sdk/types.ts";
import type { MailService } from "./mail_layout.ts";

// The footer (who sends, whom to write to) is queueMessage's: every e-mail gets the same.
function mail(to: string, subject: string, body: string): OutgoingMessage {
  return { to, subject, text: body };
}

export const mails = {
  confirmation: (to: string, link: string) =>
    mail(
      to,
      "Confirmez votre adresse e-mail",
      `Bonjour,\n\nPour activer votre compte Guichet, confirmez votre adresse e-mail en ouvrant ce lien (valable 24 heures) :\n\n${link}\n\nSi vous n’avez pas créé de compte, ignorez ce message.`,
    ),
  dejaInscrit: (to: string, link: string) =>
    mail(
      to,
      "Vous avez déjà un compte Guichet",
      `Bonjour,\n\nUne inscription vient d’être demandée avec votre adresse, mais vous avez déjà un compte. Connectez-vous, ou choisissez un nouveau mot de passe avec ce lien (valable 1 heure, une seule fois) :\n\n${link}\n\nSi vous n’êtes pas à l’origine de cette demande, ignorez ce message : rien n’a changé sur votre compte.`,
    ),
  activationCompte: (to: string, link: string) =>
    mail(
      to,
      "Activez votre compte Guichet",
      `Bonjour,\n\nUne inscription vient d’être demandée avec votre adresse, qui a déjà un compte Guichet pas encore activé. Pour l’activer, choisissez votre mot de passe avec ce lien (valable 1 heure, une seule fois) :\n\n${link}\n\nSi vous n’êtes pas à l’origine de cette demande, ignorez ce message : rien n’a changé sur votre compte.`,
    ),
  reinitialisation: (to: string, link: string) =>
    mail(
      to,
      "Choisissez un nouveau mot de passe",
      `Bonjour,\n\nVous avez demandé à changer votre mot de passe. Ouvrez ce lien (valable 1 heure, une seule fois) :\n\n${link}\n\nSi vous n’êtes pas à l’origine de cette demande, ignorez ce message : votre mot de passe reste inchangé.`,
    ),
  changementEmail: (to: string, link: string) =>
    mail(
      to,
      "Confirmez votre nouvelle adresse e-mail",
      `Bonjour,\n\nPour utiliser cette adresse sur votre compte Guichet, ouvrez ce lien (valable 24 heures) :\n\n${link}`,
    ),
  demandeAdminAcceptee: (to: string, link: string) =>
    mail(
      to,
      "Votre compte administrateur est validé",
      `Bonjour,\n\nVotre demande de compte administrateur a été acceptée. Définissez votre mot de passe avec ce lien (valable 7 jours) :\n\n${link}\n\nVous pourrez ensuite créer votre première démarche.`,
    ),
  demandeAdminAccepteeCompteExistant: (to: string, link: string) =>
    mail(
      to,
      "Votre compte administrateur est validé",
      `Bonjour,\n\nVotre demande de compte administrateur a été acceptée. Connectez-vous avec votre compte habituel pour accéder à l’espace administrateur :\n\n${link}`,
    ),
  demandeAdminRefusee: (to: string, motif: string) =>
    mail(
      to,
      "Votre demande de compte administrateur",
      `Bonjour,\n\nVotre demande de compte administrateur n’a pas été acceptée.${
        motif ? `\n\nMotif : ${motif}` : ""
      }\n\nVous pouvez répondre à l’administrateur de cette instance pour en savoir plus.`,
    ),
  invitationInstructeur: (to: string, titre: string, link: string, isNew: boolean) =>
    mail(
      to,
      `Vous êtes instructeur de la démarche « ${titre} »`,
      `Bonjour,\n\nVous avez été ajouté comme instructeur de la démarche « ${titre} » : vous recevrez ses dossiers pour les instruire.\n\n${
        isNew
          ? `Pour accéder à votre compte, définissez votre mot de passe avec ce lien (valable 7 jours) :\n\n${link}`
          : `Connectez-vous pour y accéder :\n\n${link}`
      }`,
    ),
  dossierDepose: (to: string, titre: string, numero: number, link: string) =>
    mail(
      to,
      `Votre dossier n° ${numero} est déposé`,
      `Bonjour,\n\nVotre dossier n° ${numero} pour la démarche « ${titre} » a bien été déposé. L’administration peut maintenant le consulter ; vous pouvez encore le modifier tant qu’elle ne l’a pas pris en charge.\n\nSuivre votre dossier : ${link}`,
    ),
  dossierEtat: (
    to: string,
    titre: string,
    numero: number,
    etat: string,
    link: string,
    motivation?: string | null,
  ) =>
    mail(
      to,
      `Votre dossier n° ${numero} est ${etat}`,
      `Bonjour,\n\nVotre dossier n° ${numero} pour la démarche « ${titre} » est ${etat}.${
        motivation ? `\n\nMotif : ${motivation}` : ""
      }\n\nSuivre votre dossier : ${link}`,
    ),
  nouveauMessage: (to: string, titre: string, numero: number, link: string) =>
    mail(
      to,
      `Nouveau message sur le dossier n° ${numero}`,
      `Bonjour,\n\nUn nouveau message a été écrit sur le dossier n° ${numero} (« ${titre} »). Pour le lire et y répondre :\n\n${link}`,
    ),
  demandeCorrection: (to: string, titre: string, numero: number, link: string) =>
    mail(
      to,
      `Votre dossier n° ${numero} est à corriger`,
      `Bonjour,\n\nL’administration vous demande de corriger votre dossier n° ${numero} (« ${titre} »). Le message indique quoi corriger ; modifiez le dossier puis déposez les modifications :\n\n${link}`,
    ),
  demandeAvis: (
    to: string,
    titre: string,
    numero: number,
    introduction: string,
    link: string,
    opts: { dueOn?: string | null } = {},
  ) =>
    mail(
      to,
      `Votre avis est demandé sur le dossier n° ${numero}`,
      `Bonjour,\n\nUn instructeur de la démarche « ${titre} » vous demande votre avis sur le dossier n° ${numero} :\n\n${introduction}${
        opts.dueOn ? `\n\nRéponse attendue avant le ${opts.dueOn}.` : ""
      }\n\nPour lire le dossier et donner votre avis :\n\n${link}`,
    ),
  /** The automatic reminder of an avis with a date: before it (`late` false) or after. */
  relanceAvis: (
    to: string,
    titre: string,
    numero: number,
    opts: { dueOn: string; late: boolean; link: string },
  ) =>
    mail(
      to,
      opts.late
        ? `Votre avis sur le dossier n° ${numero} est en retard`
        : `Rappel : votre avis sur le dossier n° ${numero} est attendu avant le ${opts.dueOn}`,
      `Bonjour,\n\n${
        opts.late
          ? `Votre avis sur le dossier n° ${numero} (démarche « ${titre} ») était attendu avant le ${opts.dueOn}. L’instructeur qui vous l’a demandé l’attend toujours.`
          : `Un instructeur de la démarche « ${titre} » attend votre avis sur le dossier n° ${numero} avant le ${opts.dueOn}.`
      }\n\nPour lire le dossier et donner votre avis :\n\n${opts.link}`,
    ),
  associationIdentite: (
    to: string,
    opts: { provider: string; link: string; minutes: number },
  ) =>
    mail(
      to,
      `Associer ${opts.provider} à votre compte`,
      `Bonjour,\n\nQuelqu’un s’est connecté avec ${opts.provider} en donnant votre adresse et demande à l’associer à votre compte Guichet.\n\nSi c’est vous, ouvrez ce lien dans le navigateur où vous vous êtes connecté (valable ${opts.minutes} minutes) :\n\n${opts.link}\n\nSinon, ignorez ce message : rien ne sera associé à votre compte.`,
    ),
  installation: (to: string, link: string) =>
    mail(
      to,
      "Créez le compte super-administrateur de Guichet",
      `Bonjour,\n\nGuichet est installé. Définissez le mot de passe du compte super-administrateur avec ce lien :\n\n${link}`,
    ),
};

/**
 * What a dossier's e-mails read of its démarche's stored settings: the service's name,
 * organisme and contact address (the whole document is core/demarches/settings.ts's, above
 * this layer).
 */
const mailSettingsSchema = v.object({
  service: v.optional(v.object({
    nom: v.optional(v.string()),
    organisme: v.optional(v.string()),
    email: v.optional(v.string()),
  })),
});

// Both read once per distinct settings text: a deposit's e-mail read them on every deposit.

/** The service line of a dossier's e-mails (`--service--`) from `demarches.settings`. */
export const parseMailService: (settingsJson: string) => string = memoByText((settingsJson) => {
  const { service } = parseJsonColumn(mailSettingsSchema, settingsJson, "demarche settings");
  return [service?.nom, service?.organisme].filter(Boolean).join(", ");
});

/** The service a démarche's e-mails speak for, from `demarches.settings` (shared, frozen). */
export const parseMailSender: (settingsJson: string) => Readonly<MailService> = memoByText(
  (settingsJson) => {
    const { service } = parseJsonColumn(mailSettingsSchema, settingsJson, "demarche settings");
    return {
      nom: service?.nom?.trim() ?? "",
      organisme: service?.organisme?.trim() ?? "",
      email: service?.email?.trim() ?? "",
    };
  },
);

/** What a champ tag needs of a revision's form: each top-level champ's label, type, options. */
const mailFormSchema = v.object({
  champs: v.array(v.object({
    stableId: v.string(),
    type: v.string(),
    label: v.string(),
    options: v.optional(v.unknown()),
  })),
});

/** The top-level champs of `revisions.form`, as the e-mails' tags name them. */
export function parseMailChamps(formJson: string): v.InferOutput<typeof mailFormSchema>["champs"] {
  return parseJsonColumn(mailFormSchema, formJson, "revision form").champs;
}

/** A dossier's answers (`dossiers.champ_values`), by champ stable id. */
export function parseChampValues(json: string): Record<string, unknown> {
  return parseJsonColumn(v.record(v.string(), v.unknown()), json, "champ values");
}

/**
 * The `Message-ID` of the message a job sends: `<job-<id>-<hash>@<domain>>`, where the hash
 * covers the job's id, creation time and payload. Every try of the job gives the same one, so
 * a message sent again after a crash is recognised as the same; two jobs never share one, even
 * on two instances or after a restore starts the job numbers again.
 */
export async function messageIdOf(
  job: { readonly id: number; readonly createdAt: string },
  payload: unknown,
  domain: string,
): Promise<string> {
  const digest = await crypto.subtle.digest(
    "SHA-256",
    new TextEncoder().encode(`${job.id}\n${job.createdAt}\n${JSON.stringify(payload)}`),
  );
  const hash = Array.from(
    new Uint8Array(digest).slice(0, 8),
    (b) => b.toString(16).padStart(2, "0"),
  )
    .join("");
  return `<job-${job.id}-${hash}@${domain}>`;
}
