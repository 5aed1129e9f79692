/**
 * The audit log's pure rules: the actions it records (with their French labels), the canonical
 * text of an event and its place in the hash chain, the filters of the super-admin's page.
 */
import { createHash } from "node:crypto";
import * as v from "valibot";
import { rowId } from "../shared/ids.ts";

/** Every action the audit log records, with how the super-admin's page names it. */
export const AUDIT_ACTIONS = {
  "connexion.reussie": "Connexion réussie",
  "connexion.echouee": "Connexion échouée",
  "deconnexion": "Déconnexion",
  "double_authentification.activee": "Double authentification activée",
  "double_authentification.desactivee": "Double authentification désactivée",
  "mot_de_passe.reinitialise": "Mot de passe choisi par un lien",
  "mot_de_passe.change": "Mot de passe changé",
  "role.attribue": "Rôle attribué",
  "role.retire": "Rôle retiré",
  "installation.terminee": "Installation terminée (super-admin créé)",
  "demande_admin.acceptee": "Demande de compte administrateur acceptée",
  "demande_admin.refusee": "Demande de compte administrateur refusée",
  "tache.relancee": "Tâche relancée",
  "demarche.modele": "Démarche marquée comme modèle (ou plus)",
  "fournisseur_identite.enregistre": "Fournisseur d’identité enregistré",
  "fournisseur_identite.supprime": "Fournisseur d’identité supprimé",
  "groupe.membre_ajoute": "Instructeur ajouté à un groupe",
  "groupe.membre_retire": "Instructeur retiré d’un groupe",
  "administrateur.ajoute": "Administrateur ajouté à une démarche",
  "administrateur.retire": "Administrateur retiré d’une démarche",
  "jeton.cree": "Jeton d’API créé",
  "jeton.revoque": "Jeton d’API révoqué",
  "demarche.parametres": "Paramètres de démarche modifiés",
  "demarche.publiee": "Formulaire publié",
  "fonctionnalite.modifiee": "Fonctionnalité activée ou désactivée",
  "export.telecharge": "Export téléchargé",
  "fichier.telecharge": "Fichier téléchargé par un agent",
  "dossier.telecharge": "Dossier téléchargé par un agent",
  "journal.exporte": "Journal d’audit exporté",
} as const;

export type AuditAction = keyof typeof AUDIT_ACTIONS;

/** The hash before the first event. */
export const GENESIS_HASH = "0".repeat(64);

/** Who acted: an account (its id and address at that moment), or nobody known. */
export interface AuditActor {
  readonly userId: number | null;
  readonly email: string | null;
}

/** An event as a caller describes it; the audit service adds the time, the IP and the chain. */
export interface AuditEventInput {
  readonly action: AuditAction;
  readonly actor: AuditActor | null;
  /** The client's address; by default the current request's (core/audit/context.ts). */
  readonly ip?: string | null;
  readonly target?: { readonly type: string; readonly id: string | number };
  readonly demarcheId?: number | null;
  readonly details?: Readonly<Record<string, unknown>>;
}

/** A stored event, as its row holds it. */
export interface AuditRow {
  readonly id: number;
  readonly at: string;
  readonly actor_user_id: number | null;
  readonly actor_email: string | null;
  readonly actor_ip: string | null;
  readonly action: string;
  readonly target_type: string | null;
  readonly target_id: string | null;
  readonly demarche_id: number | null;
  readonly details: string;
  readonly prev_hash: string;
  readonly hash: string;
}

/** JSON with object keys sorted at every depth, so one value has one text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

/** The hash of a row: SHA-256 over the previous hash and every column but the hash, in order. */
export function hashOf(row: Omit<AuditRow, "hash">): string {
  const canonical = JSON.stringify([
    row.id,
    row.at,
    row.actor_user_id,
    row.actor_email,
    row.actor_ip,
    row.action,
    row.target_type,
    row.target_id,
    row.demarche_id,
    row.details,
  ]);
  return createHash("sha256").update(row.prev_hash).update("\n").update(canonical).digest("hex");
}

/** What a walk of the chain finds wrong with one row, or null when it follows well. */
export function rowProblem(
  row: AuditRow,
  previous: { id: number; hash: string } | null,
): string | null {
  const expectedPrev = previous?.hash ?? GENESIS_HASH;
  if (row.prev_hash !== expectedPrev) {
    return previous
      ? `l’événement n°${row.id} ne suit plus l’événement n°${previous.id} : un événement entre eux a été supprimé, ou l’un d’eux modifié`
      : `l’événement n°${row.id} devrait être le premier du journal : les événements avant lui ont été supprimés`;
  }
  if (hashOf(row) !== row.hash) {
    return `le contenu de l’événement n°${row.id} a été modifié après son enregistrement`;
  }
  return null;
}

const isoDay = v.pipe(
  v.string(),
  v.regex(/^\d{4}-\d{2}-\d{2}$/, "Indiquez une date au format AAAA-MM-JJ."),
);

/** The filters of « Journal d'audit » (also those of its CSV export). */
export const auditFilterInput = v.object({
  action: v.optional(
    v.picklist(
      Object.keys(AUDIT_ACTIONS) as AuditAction[],
      "Choisissez une action de la liste.",
    ),
  ),
  /** An address, or part of one. */
  personne: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(200))),
  /** From this day, included (Paris time). */
  du: v.optional(isoDay),
  /** Until this day, included (Paris time). */
  au: v.optional(isoDay),
  demarcheId: v.optional(rowId("Démarche inconnue.")),
});

export type AuditFilter = v.InferOutput<typeof auditFilterInput>;

/** A page of the log: the filters, and the id of the last event of the page before. */
export const auditListInput = v.object({
  ...auditFilterInput.entries,
  avant: v.optional(rowId("Le curseur « avant » doit être un numéro d’événement.")),
  limite: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(200)), 50),
});

/** Paris midnight of an ISO day, as the UTC instant stored in `at` columns. */
export function parisDayStart(day: string): string {
  const [y, m, d] = day.split("-").map(Number);
  // Paris is UTC+1 or UTC+2: find the offset at that date, then subtract it.
  const utcGuess = Date.UTC(y, m - 1, d);
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone: "Europe/Paris",
    hour: "2-digit",
    hourCycle: "h23",
  }).formatToParts(new Date(utcGuess));
  const hour = Number(parts.find((p) => p.type === "hour")?.value ?? 0);
  return new Date(utcGuess - hour * 3_600_000).toISOString();
}

/** The day after an ISO day. */
export function nextDay(day: string): string {
  const [y, m, d] = day.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

/** One CSV field: quoted when needed, and a formula's first character defused for spreadsheets. */
export function csvField(value: string | number | null): string {
  if (value === null) return "";
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",;\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The CSV export's header line. */
export const CSV_HEADER = [
  "numero",
  "date",
  "action",
  "libelle",
  "personne_id",
  "personne",
  "adresse_ip",
  "cible_type",
  "cible_id",
  "demarche_id",
  "details",
  "empreinte_precedente",
  "empreinte",
].join(",");

/** One event as a CSV line (with its line break). */
export function csvLine(row: AuditRow): string {
  const label = (AUDIT_ACTIONS as Record<string, string>)[row.action] ?? row.action;
  return [
    row.id,
    row.at,
    row.action,
    label,
    row.actor_user_id,
    row.actor_email,
    row.actor_ip,
    row.target_type,
    row.target_id,
    row.demarche_id,
    row.details,
    row.prev_hash,
    row.hash,
  ].map(csvField).join(",") + "\r\n";
}
