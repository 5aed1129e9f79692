/**
 * Table types for Kysely: one interface per table, kept in step with `migrations/`. Over 400
 * lines because it is the one list of every table, read whole by Kysely's `Database` type.
 */
import type { Generated } from "kysely";

export interface UsersTable {
  id: Generated<number>;
  email: string;
  password_hash: string | null;
  email_verified_at: string | null;
  created_at: string;
  updated_at: string;
  /** Double authentification: base32 TOTP secret, set at enrolment (core/accounts/totp.ts). */
  totp_secret: Generated<string | null>;
  /** When the enrolment was confirmed; null: no second factor. */
  totp_enabled_at: Generated<string | null>;
  /** The time step of the last accepted code: no code is accepted twice. */
  totp_last_step: Generated<number | null>;
}

export interface RecoveryCodesTable {
  user_id: number;
  code_hash: string;
  used_at: string | null;
  created_at: string;
}

export interface UserRolesTable {
  user_id: number;
  role: string;
  created_at: string;
}

export interface SessionsTable {
  id: string;
  user_id: number;
  created_at: string;
  expires_at: string;
  /** Last request seen, written at most once a minute (idle expiry, « Sessions actives »). */
  last_seen_at: string;
  user_agent: Generated<string | null>;
  ip: Generated<string | null>;
}

export interface TokensTable {
  id: string;
  kind: string;
  user_id: number | null;
  email: string | null;
  expires_at: string;
  used_at: string | null;
  created_at: string;
  /** JSON of an invitation's context (core/accounts/model.ts), or null. */
  context: string | null;
}

/** Account e-mails caused by anonymous requests, per address or IP (core/accounts/mail_quota.ts). */
export interface MailQuotaTable {
  /** `adresse:<e-mail>` or `ip:<address>`. */
  key: string;
  sent_at: string;
}

export interface AdminRequestsTable {
  id: Generated<number>;
  nom: string;
  organisation: string;
  email: string;
  motif: string;
  status: string;
  created_at: string;
  decided_at: string | null;
  decided_by: number | null;
}

export interface JobsTable {
  id: Generated<number>;
  kind: string;
  payload: string;
  status: string;
  attempts: number;
  max_attempts: number;
  run_at: string;
  locked_until: string | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
}

export interface DemarchesTable {
  id: Generated<number>;
  titre: string;
  description: Generated<string>;
  state: string;
  mode: Generated<string>;
  path: string | null;
  settings: Generated<string>;
  draft_form: Generated<string>;
  retention_months: Generated<number>;
  deadline_at: string | null;
  is_template: Generated<number>;
  cloned_from: number | null;
  created_at: string;
  updated_at: string;
  published_at: string | null;
  closed_at: string | null;
  published_revision_id: number | null;
  deposited_dossiers_count: Generated<number>;
  mail_templates: Generated<string>;
}

export interface RevisionsTable {
  id: Generated<number>;
  demarche_id: number;
  number: number;
  form: string;
  published_at: string;
  published_by: number | null;
}

export interface GroupesInstructeursTable {
  id: Generated<number>;
  demarche_id: number;
  label: string;
  is_default: Generated<number>;
  position: Generated<number>;
  routing_rule: string | null;
  created_at: string;
}

export interface GroupeMembresTable {
  groupe_id: number;
  user_id: number;
  created_at: string;
}

export interface DemarcheAdministrateursTable {
  demarche_id: number;
  user_id: number;
  created_at: string;
}

export interface DemarchePluginsTable {
  demarche_id: number;
  plugin_id: string;
  enabled: number;
  settings: string | null;
  updated_at: string;
}

export interface DossiersTable {
  id: Generated<number>;
  demarche_id: number;
  revision_id: number | null;
  owner_id: number;
  state: string;
  is_test: Generated<number>;
  champ_values: Generated<string>;
  groupe_id: number | null;
  motivation: string | null;
  created_at: string;
  updated_at: string;
  deposited_at: string | null;
  en_instruction_at: string | null;
  decided_at: string | null;
  deleted_by_usager_at: string | null;
  annotation_values: Generated<string>;
  archived: Generated<number>;
  pending_values: string | null;
  justificatif_file_id: string | null;
  attestation_file_id: Generated<string | null>;
  /** « Conserver le dossier »: kept at least until then (core/conservation/model.ts). */
  conservation_until: Generated<string | null>;
  /** When the last notice of its coming deletion went to the usager. */
  expiry_notice_at: Generated<string | null>;
  /** « Silence vaut accord / rejet »: the day it is decided (core/dossiers/implicit_decision.ts). */
  implicit_decision_on: Generated<string | null>;
  /** The day a demande de correction suspended that date; null while it runs. */
  implicit_decision_suspended_on: Generated<string | null>;
  /** Co-editing: the last revision of the values (champs and annotations). */
  values_revision: Generated<number>;
  /** JSON `{ stableId: [revision, userId] }`: what last changed each champ (co_editing.ts). */
  champ_revisions: Generated<string>;
  /** The same for the annotations privées. */
  annotation_revisions: Generated<string>;
  /** The provider (« FranceConnect ») whose verified identity filled its identity champs. */
  identite_verifiee_par: Generated<string | null>;
}

export interface MessagesTable {
  id: Generated<number>;
  dossier_id: number;
  author_id: number | null;
  from_instructeur: Generated<number>;
  body: string;
  file_id: string | null;
  correction_reason: string | null;
  resolved_at: string | null;
  created_at: string;
}

export interface DossierReadsTable {
  dossier_id: number;
  user_id: number;
  last_message_id: number;
  /** When the instructeur last opened the dossier (`instruction.dossier`). */
  seen_at: string | null;
}

export interface DossierFollowsTable {
  dossier_id: number;
  user_id: number;
  created_at: string;
}

export interface DemarcheLabelsTable {
  id: Generated<number>;
  demarche_id: number;
  name: string;
  color: string;
  created_at: string;
}

export interface DossierLabelsTable {
  dossier_id: number;
  label_id: number;
  created_at: string;
}

export interface DossierEventsTable {
  id: Generated<number>;
  dossier_id: number;
  event: string;
  from_state: string;
  to_state: string;
  actor_id: number | null;
  automatic: Generated<number>;
  motivation: string | null;
  details: string | null;
  created_at: string;
}

export interface FilesTable {
  id: string;
  uploader_id: number | null;
  filename: string;
  mime: string;
  size: number;
  sha256: string;
  storage_key: string;
  attached_kind: string | null;
  attached_id: number | null;
  created_at: string;
  /** What the antivirus said: `en_attente`, `sain`, `infecte` or `non_verifiable`. */
  scan_state: Generated<string>;
  /** The signature found (`infecte`), or why the file could not be checked. */
  scan_detail: string | null;
  scanned_at: string | null;
}

export interface InvitationsTable {
  id: Generated<number>;
  dossier_id: number;
  kind: string;
  email: string;
  user_id: number;
  scope: string;
  message: Generated<string>;
  created_at: string;
  revoked_at: string | null;
}

export interface AvisTable {
  id: Generated<number>;
  dossier_id: number;
  asked_by: number | null;
  expert_id: number;
  expert_email: string;
  introduction: string;
  question: string | null;
  confidentiel: Generated<number>;
  file_id: string | null;
  answer: string | null;
  answer_yes: number | null;
  answer_file_id: string | null;
  answered_at: string | null;
  reminded_at: string | null;
  revoked_at: string | null;
  created_at: string;
  due_on: string | null;
  next_reminder_on: string | null;
  auto_reminded_at: string | null;
}

export interface DossierChampIndexTable {
  dossier_id: number;
  demarche_id: number;
  stable_id: string;
  value_text: string | null;
  value_num: number | null;
  display: string;
  /** 0 for a value or the first item of a list: the row a sort on the champ walks. */
  item: Generated<number>;
  /** The display without case or accents, what a sort on a text column compares. */
  sort_text: string | null;
}

export interface ExportsTable {
  id: Generated<number>;
  demarche_id: number;
  user_id: number;
  format: string;
  tab: string;
  filters: string;
  status: string;
  file_id: string | null;
  rows: number | null;
  error: string | null;
  created_at: string;
  finished_at: string | null;
  expires_at: string;
  columns: string | null;
}

export interface SearchTermsTable {
  term: string;
}

export interface InstructeurPreferencesTable {
  user_id: number;
  demarche_id: number;
  columns: string;
  export_columns: string | null;
}

export interface InstructeurNotificationSettingsTable {
  user_id: number;
  demarche_id: number;
  depot: string;
  message: string;
  avis: string;
  updated_at: string;
}

export interface InstructeurSummaryItemsTable {
  id: Generated<number>;
  user_id: number;
  demarche_id: number;
  dossier_id: number;
  kind: string;
  created_at: string;
}

export interface InstructeurSummariesTable {
  user_id: number;
  last_sent_at: string;
}

export interface GroupeTabCountsTable {
  groupe_id: number;
  tab: string;
  n: number;
}

export interface GroupeFollowCountsTable {
  groupe_id: number;
  user_id: number;
  n: number;
}

/** A dossier deleted for good: an audit row without personal data. */
export interface DeletedDossiersTable {
  dossier_id: number;
  demarche_id: number;
  state: string;
  /** `expire` (its conservation ended) or `corbeille` (a brouillon binned 30 days ago). */
  reason: string;
  deleted_at: string;
}

export interface ConservationRunsTable {
  name: string;
  last_run_at: string;
}

/** Failures counted per limiter and key since `window_start` (ms), on PostgreSQL (rate_limit.ts). */
export interface RateLimitsTable {
  limiter: string;
  key: string;
  window_start: number;
  n: number;
}

/** A jeton d'API of an administrateur (core/api_rest/tokens.ts); the secret is never kept. */
export interface ApiTokensTable {
  id: Generated<number>;
  user_id: number;
  label: string;
  /** Hex SHA-256 of the secret. */
  secret_hash: string;
  /** JSON array of démarche ids, or null: every démarche the owner administers. */
  demarche_ids: string | null;
  created_at: string;
  last_used_at: string | null;
  expires_at: string;
  revoked_at: string | null;
  /** « lecture » or « instruction » (migration 0035): what the jeton may do. */
  access: Generated<string>;
}

/** A brouillon prefilled through the API, until an usager claims it by its link (0035). */
export interface DossierPrefillsTable {
  dossier_id: number;
  /** The jeton that made it. */
  token_id: number;
  /** Hex SHA-256 of the link's secret. */
  link_hash: string;
  created_at: string;
  claimed_at: string | null;
  claimed_by: number | null;
}

/** An `Idempotency-Key` an action of the API was sent with, per jeton (migration 0035). */
export interface ApiIdempotencyKeysTable {
  token_id: number;
  key: string;
  created_at: string;
}

/** An attestation issued, checked by anyone at /attestations/<code> (migration 0034). */
export interface AttestationsTable {
  id: Generated<number>;
  /** Hex SHA-256 of the code printed on the PDF (normalized: 20 base32 letters). */
  code_hash: string;
  /** As printed, e.g. `ATT-42-1`. */
  reference: string;
  /** No foreign key: the row outlives the dossier's deletion at the end of its retention. */
  dossier_id: number;
  /** The PDF; the attestation stands while the dossier still points at it. */
  file_id: string;
  demarche_titre: string;
  /** The decision attested: `accepte`. */
  decision: string;
  decided_at: string;
  /** The holder's name as the page shows it: « Y*** L* G*** ». */
  holder_masked: string;
  issued_at: string;
}

/** An event a démarche's webhook is to receive, and how its delivery went (migration 0036). */
export interface WebhookDeliveriesTable {
  id: Generated<number>;
  /** The delivery id sent in `X-Guichet-Livraison` (a UUID), the same on every try. */
  livraison: string;
  demarche_id: number;
  /** Null for « Envoyer un test »; no foreign key: the log outlives the dossier. */
  dossier_id: number | null;
  /** The plugin contribution that describes the call (`webhook`). */
  sender: string;
  /** A lifecycle event, or `test`. */
  event: string;
  occurred_at: string;
  /** `en_attente`, `livre` or `echec`. */
  status: string;
  attempts: Generated<number>;
  /** The receiver's last HTTP status; null when it was not reached. */
  last_status: number | null;
  last_error: string | null;
  last_attempt_at: string | null;
  /** The 72 hours of retries count from here. */
  first_attempt_at: string | null;
  /** Null when delivered, failed, or waiting behind an earlier event of its dossier. */
  next_attempt_at: string | null;
  created_at: string;
}

/** An identity provider a super-admin configured (core/accounts/identity_providers.ts). */
export interface IdentityProvidersTable {
  id: Generated<number>;
  /** The plugin contribution (`oidc`). */
  kind: string;
  /** The preset it started from (`franceconnect`, `proconnect`), or null. */
  preset: string | null;
  /** The button's label: « FranceConnect ». */
  label: string;
  /** JSON settings, validated by the contribution's schema; secrets included. */
  config: string;
  for_usagers: number;
  for_agents: number;
  /** 1: instructeurs and administrateurs must sign in through it. */
  required_for_agents: number;
  /** 1: its identity is certified (FranceConnect): démarches may ask for it. */
  verifies_identity: number;
  enabled: number;
  created_at: string;
  updated_at: string;
}

/** An account's identity at a provider (core/accounts/identity.ts). */
export interface IdentityLinksTable {
  id: Generated<number>;
  user_id: number;
  provider_id: number;
  subject: string;
  /** JSON of the verified identity last given (names, birth date, acr). */
  identity: string;
  created_at: string;
  last_used_at: string;
}

/** A sign-in through a provider in progress: one use, ten minutes, one browser. */
export interface IdentityFlowsTable {
  /** Hex SHA-256 of the `state`. */
  id: string;
  provider_id: number;
  /** Hex SHA-256 of the browser's flow cookie. */
  browser_hash: string;
  nonce: string;
  code_verifier: string;
  /** Set when a signed-in person links one more provider from « Mon compte ». */
  user_id: number | null;
  retour: string | null;
  created_at: string;
  expires_at: string;
}

/** A provider's identity waiting for the owner of the account with its address to prove it. */
export interface IdentityPendingLinksTable {
  /** Hex SHA-256 of the token the browser holds. */
  id: string;
  provider_id: number;
  user_id: number;
  subject: string;
  identity: string;
  /** Hex SHA-256 of the e-mailed link's token, once asked. */
  email_token_hash: string | null;
  retour: string | null;
  created_at: string;
  expires_at: string;
}

/** Which provider opened a session, and its id_token for the provider's logout. */
export interface IdentitySessionsTable {
  session_id: string;
  provider_id: number;
  id_token: string | null;
}

/** One event of the audit log (core/audit/): appended, chained by `hash`, never changed. */
export interface AuditEventsTable {
  id: number;
  at: string;
  actor_user_id: number | null;
  actor_email: string | null;
  actor_ip: string | null;
  /** What happened (core/audit/model.ts lists the actions). */
  action: string;
  target_type: string | null;
  target_id: string | null;
  demarche_id: number | null;
  /** JSON object, as hashed. */
  details: string;
  /** The previous row's hash (64 zeros for the first row). */
  prev_hash: string;
  /** Hex SHA-256 of `prev_hash` and the row's canonical text. */
  hash: string;
}

/** What each verification of the audit chain found (core/audit/). */
export interface AuditChecksTable {
  id: Generated<number>;
  at: string;
  intact: number;
  checked: number;
  head_id: number | null;
  head_hash: string | null;
  first_bad_id: number | null;
  problem: string | null;
}

export interface Database {
  users: UsersTable;
  user_roles: UserRolesTable;
  sessions: SessionsTable;
  recovery_codes: RecoveryCodesTable;
  tokens: TokensTable;
  admin_requests: AdminRequestsTable;
  mail_quota: MailQuotaTable;
  jobs: JobsTable;
  demarches: DemarchesTable;
  demarche_administrateurs: DemarcheAdministrateursTable;
  revisions: RevisionsTable;
  groupes_instructeurs: GroupesInstructeursTable;
  groupe_membres: GroupeMembresTable;
  dossiers: DossiersTable;
  dossier_events: DossierEventsTable;
  files: FilesTable;
  dossier_follows: DossierFollowsTable;
  messages: MessagesTable;
  dossier_reads: DossierReadsTable;
  invitations: InvitationsTable;
  demarche_labels: DemarcheLabelsTable;
  dossier_labels: DossierLabelsTable;
  avis: AvisTable;
  dossier_champ_index: DossierChampIndexTable;
  search_terms: SearchTermsTable;
  exports: ExportsTable;
  instructeur_preferences: InstructeurPreferencesTable;
  instructeur_notification_settings: InstructeurNotificationSettingsTable;
  instructeur_summary_items: InstructeurSummaryItemsTable;
  instructeur_summaries: InstructeurSummariesTable;
  groupe_tab_counts: GroupeTabCountsTable;
  groupe_follow_counts: GroupeFollowCountsTable;
  demarche_plugins: DemarchePluginsTable;
  deleted_dossiers: DeletedDossiersTable;
  conservation_runs: ConservationRunsTable;
  api_tokens: ApiTokensTable;
  dossier_prefills: DossierPrefillsTable;
  api_idempotency_keys: ApiIdempotencyKeysTable;
  attestations: AttestationsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  identity_providers: IdentityProvidersTable;
  identity_links: IdentityLinksTable;
  identity_flows: IdentityFlowsTable;
  identity_pending_links: IdentityPendingLinksTable;
  identity_sessions: IdentitySessionsTable;
  audit_events: AuditEventsTable;
  audit_checks: AuditChecksTable;
  rate_limits: RateLimitsTable;
}
