/**
 * Types of the extension points (DESIGN.md §4). Every contribution is a readonly
 * object; the host stores it as given and never patches it.
 *
 * Over 400 lines because it is the one list of the SDK's extension points, read whole by plugin
 * authors; each point's types stand together.
 */
import type { GenericSchema, InferOutput } from "valibot";
import type { Migration } from "kysely/migration";

/** Dossier lifecycle events a hook can listen to (DESIGN.md §3). */
export const LIFECYCLE_EVENTS = [
  "deposer",
  "passer_en_instruction",
  "repasser_en_construction",
  "accepter",
  "refuser",
  "classer_sans_suite",
  "accepter_automatiquement",
  "refuser_automatiquement",
  "repasser_en_instruction",
] as const;

export type LifecycleEvent = typeof LIFECYCLE_EVENTS[number];

/** How a champ shows as a dashboard column and which filters it supports. */
export type ChampColumnKind = "text" | "number" | "date" | "boolean" | "enum" | "none";

/** What kind of operand a champ is in a condition; absent: it cannot be a condition source. */
export type ConditionOperand = "boolean" | "number" | "enum" | "enums" | "text" | "date";

/** What the server stored of an upload: the only facts about a file a value may show. */
export interface StoredFile {
  /** The sanitised name, its extension that of `mime`. */
  readonly filename: string;
  /** Bytes measured while storing it. */
  readonly size: number;
  /** The type sniffed from its content. */
  readonly mime: string;
}

/**
 * What a value schema may depend on besides the options: the clock, passed in. The core keeps
 * the schema of a champ and checks values with it for the rest of the minute `now` falls in
 * (a type's checks against the clock are to the minute), except for a type holding files
 * (`files`), whose schema is built for each check.
 */
export interface ValueContext {
  readonly now: Date;
  /**
   * The stored file of an id a value names, when the core checks a dossier's values (saving,
   * depositing): undefined for a file that does not exist or that this person may not use.
   * A type holding files takes name, size and type from it, never from what was sent; it is
   * given to those types only (`files`).
   */
  readonly file?: (id: string) => StoredFile | undefined;
}

/** What a file uploaded for a champ may be, checked while it is received. */
export interface UploadRule {
  /** Largest size in bytes; the upload stops reading past it. */
  readonly maxBytes: number;
  /** Accepted types (as sniffed); null: any type the server accepts. */
  readonly mimes: readonly string[] | null;
  /** The accepted formats in French, for the refusal (« images et scans (JPEG, PNG…) »). */
  readonly formats: string;
}

/**
 * What a file scanner says of a file: `sain`, nothing found; `infecte`, with the name of what
 * was found (`Eicar-Test-Signature`), shown to the usager.
 */
export type ScanVerdict =
  | { readonly verdict: "sain" }
  | { readonly verdict: "infecte"; readonly signature?: string };

/** What the host gives a file scanner with each file. */
export interface ScanContext {
  /** Instance configuration values a scanner may need (`CLAMD_SOCKET`…). */
  readonly config: Readonly<Record<string, string | undefined>>;
  /** Bytes of the file, as measured when it was stored. */
  readonly size: number;
}

/**
 * Checks each uploaded file, through a job queued with the file's row: until it answers, the
 * file is « en cours de vérification » (no download, no deposit); an infected file's bytes
 * are removed and the usager is told. Throw a `ScanRefusal` for a file that cannot be checked
 * (too large for the scanner: the usager reads its message); any other error means the
 * scanner is unreachable: the file waits and the job is tried again, shown to the super-admin.
 */
export interface FileScanner {
  readonly id: string;
  readonly label: string;
  /** Whether it runs on this instance (its address is configured); absent: always. */
  readonly active?: (config: Readonly<Record<string, string | undefined>>) => boolean;
  readonly scan: (
    body: ReadableStream<Uint8Array>,
    ctx: ScanContext,
  ) => Promise<ScanVerdict>;
}

/** A champ type: options, stored value, and its renderings. */
export interface ChampType<O = unknown, V = unknown> {
  readonly type: string;
  readonly label: string;
  readonly category: string;
  /** Schema of the options an administrator sets on the champ. */
  readonly options: GenericSchema<unknown, O>;
  /** Schema of a stored value, given the champ's options; messages in French. */
  readonly value: (options: O, ctx: ValueContext) => GenericSchema<unknown, V>;
  /** Whether a value counts as empty for a mandatory champ (default: null, "" or []). */
  readonly isEmpty?: (value: V | null) => boolean;
  readonly toText: (value: V, options: O) => string;
  readonly toColumns?: (value: V, options: O) => Record<string, string | number | null>;
  readonly tags?: (value: V, options: O) => Record<string, string>;
  readonly columnKind?: ChampColumnKind;
  /** How the champ's value is compared in conditions and routing rules. */
  readonly conditionSource?: ConditionOperand;
  /** The values offered for `enum`/`enums` operands (a choice list's options). */
  readonly choices?: (options: O) => readonly string[];
  /** False for structure champs (section title, explanation): nothing to fill. */
  readonly fillable?: boolean;
  /** True for a section title: the champs after it, up to the next one, form its section. */
  readonly section?: boolean;
  /** True for a repetition block: its descriptor holds children, its value is a list of rows. */
  readonly container?: boolean;
  /** Ids of the uploaded files a value refers to (`/files/<id>`), so the core can check them. */
  readonly files?: (value: V) => readonly string[];
  /** For a type holding files: what one uploaded for this champ may be. */
  readonly uploadRule?: (options: O) => UploadRule;
}

/** What an attestation generator receives. */
export interface AttestationInput<S = unknown> {
  readonly template: string;
  readonly settings: S;
  /** Tag values already computed for the dossier (`numero_dossier`, champ labels…). */
  readonly tags: Readonly<Record<string, string>>;
  /** Who issues it: the démarche's service (empty strings when not filled in). */
  readonly issuer?: AttestationIssuer;
  /** How anyone holding the document checks it: to print with a QR code. */
  readonly verification?: AttestationVerification;
}

export interface AttestationIssuer {
  readonly service: string;
  readonly organisme: string;
  /** Postal address, possibly on several lines. */
  readonly adresse: string;
  /** The démarche's logo, when it has one (PNG, JPEG, WebP or GIF). */
  readonly logo: { readonly bytes: Uint8Array; readonly mime: string } | null;
}

export interface AttestationVerification {
  /** The code as printed, grouped for reading: `7KQ2-M4XD-…`. */
  readonly code: string;
  /** The public page that confirms the attestation: `https://…/attestations/<code>`. */
  readonly url: string;
  /** The attestation's reference, e.g. `ATT-42-2026-03-04`. */
  readonly reference: string;
}

export interface AttestationOutput {
  readonly bytes: Uint8Array;
  readonly mime: string;
  readonly filename: string;
  /**
   * Whose right the document attests, as printed (a name, or the usager's e-mail); the public
   * verification page shows it masked (« Y*** L* G*** »).
   */
  readonly holder?: string;
}

export interface AttestationGenerator<S = unknown> {
  readonly id: string;
  readonly label: string;
  readonly settings?: GenericSchema<unknown, S>;
  /**
   * The texts of `settings` that hold tags (`--Nom du bateau--`), each with a French label:
   * publication is refused while one names a tag the form does not have.
   */
  readonly templates?: (
    settings: S,
  ) => readonly { readonly label: string; readonly text: string }[];
  readonly generate: (input: AttestationInput<S>) => Promise<AttestationOutput>;
}

/** A message to deliver: the channel decides how (SMTP, SMS…). */
export interface OutgoingMessage {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html?: string;
  readonly replyTo?: string;
  /**
   * The sender's display name (a démarche's service); the address stays the instance's
   * (`MAIL_FROM`), the only one its mail server may send from. Absent: `MAIL_FROM`'s name.
   */
  readonly fromName?: string;
}

/** What the host gives a channel at send time. */
export interface ChannelContext {
  /** Instance configuration values a channel may need (SMTP_URL, MAIL_FROM…). */
  readonly config: Readonly<Record<string, string | undefined>>;
  /**
   * The message's identifier, the same on every try of its delivery and different for every
   * other message (`<job-12-3f9c…@guichet.exemple.fr>`): a channel that can carry one (an
   * e-mail's `Message-ID`) should, so that a message sent again after a crash is recognised.
   */
  readonly messageId?: string;
}

export interface Channel {
  /** Channel id; `email` is the one account e-mails go through. */
  readonly id: string;
  readonly label: string;
  readonly send: (message: OutgoingMessage, ctx: ChannelContext) => Promise<void>;
  /** Releases pooled connections at shutdown. */
  readonly close?: () => Promise<void>;
}

export interface ExportColumn {
  readonly id: string;
  readonly label: string;
  /**
   * What the column holds when it is dates: `datetime`, instants a spreadsheet shows in
   * Paris time (its header says so); `date`, days.
   */
  readonly kind?: "datetime" | "date";
}

/**
 * A date cell: `datetime`, an instant as ISO UTC (`2026-12-06T03:13:00.000Z`), written by
 * each format in Paris time; `date`, a day (`YYYY-MM-DD`).
 */
export type ExportDate =
  | { readonly kind: "datetime"; readonly value: string }
  | { readonly kind: "date"; readonly value: string };

/** One exported value. */
export type ExportValue = string | number | boolean | null | ExportDate;

/** One exported row: values by column id. */
export type ExportRow = Readonly<Record<string, ExportValue>>;

/**
 * One exported row as its cells, in the order of the export's `columns` (what a format
 * declaring `cells: true` reads): no object per row, no look-up by id per cell. A cell of a
 * `datetime` or `date` column is most often an `ExportDate`, but may be any value.
 */
export type ExportCells = readonly ExportValue[];

/** A dossier as the read API gives it: plain JSON. */
export type ExportDocument = Readonly<Record<string, unknown>>;

/**
 * Where an export writes its bytes, chunk by chunk (backpressure through the promise). The
 * host copies a chunk before the promise resolves: a format may fill the same buffer again
 * once it has.
 */
export interface ExportSink {
  write(chunk: Uint8Array): Promise<void>;
}

/**
 * A file that goes with an exported dossier (its récapitulatif PDF, a pièce jointe…), under
 * `path` (`dossier-12/pieces-jointes/carte.pdf`), read only when the format writes it.
 */
export interface ExportFile {
  readonly path: string;
  /** The bytes, whole (a PDF made for the export) or streamed (a stored file). */
  readonly read: () => Promise<Uint8Array | ReadableStream<Uint8Array>>;
}

interface ExportFormatBase {
  readonly id: string;
  readonly label: string;
  readonly mime: string;
  readonly extension: string;
  /**
   * True for a format that packs each dossier's files rather than a table of columns (ZIP):
   * the host then passes `files`, and offers no choice of columns.
   */
  readonly withFiles?: boolean;
  /**
   * True for a format that writes each dossier whole, as the read API gives it (JSON),
   * rather than a table of columns: the host then passes `document`, and offers no choice
   * of columns.
   */
  readonly documents?: boolean;
}

/**
 * The host's side of `write`, `R` being how a row comes: `columns` in the order to write
 * them, the rows one by one (read the next only once the previous is written: memory stays
 * flat), the sink. Throw an `ExportRefusal` to tell the instructeur, in French, why the file
 * cannot be made.
 */
export type ExportWrite<R> = (
  columns: readonly ExportColumn[],
  rows: AsyncIterable<R>,
  sink: ExportSink,
  /** With `withFiles`: the files of the dossier a row is. */
  files?: (row: R) => AsyncIterable<ExportFile>,
  /**
   * With `documents`: the dossier a row is, as the read API's `GET /api/v1/dossiers/:id`
   * gives it (without its history). Ask it as the row arrives, before reading the next.
   */
  document?: (row: R) => ExportDocument,
) => Promise<void>;

/**
 * An export format. Rows come as objects by column id (`ExportRow`), or, with `cells: true`
 * (SDK 1.1), as their cells in column order (`ExportCells`): what a format writing a table
 * of a hundred thousand rows should take, the host building no object per row for it.
 */
export type ExportFormat =
  | ExportFormatBase & { readonly cells?: false; readonly write: ExportWrite<ExportRow> }
  | ExportFormatBase & { readonly cells: true; readonly write: ExportWrite<ExportCells> };

export interface InvitationMessageInput<S = unknown> {
  readonly email: string;
  /** Who invites (the dossier's owner). */
  readonly from: string;
  readonly message: string;
  readonly link: string;
  readonly scope: S;
  readonly demarcheTitre: string;
}

/** How a co-builder is invited and which champs they may touch. */
export interface InvitationKind<S = unknown> {
  readonly id: string;
  readonly label: string;
  readonly scope: GenericSchema<unknown, S>;
  /** The message sent to the invité. */
  readonly message: (input: InvitationMessageInput<S>) => OutgoingMessage;
  /** Whether the invité may edit the champ `stableId`, which sits in section `section`. */
  readonly mayEdit: (scope: S, champ: { stableId: string; section: string | null }) => boolean;
  /** Whether the invité sees a champ they may not edit (read-only), or not at all. */
  readonly maySee: (scope: S, champ: { stableId: string; section: string | null }) => boolean;
}

/** Returned by a `before` hook to stop the event, with a French message for the user. */
export interface HookVeto {
  readonly veto: string;
}

export interface HookContext {
  readonly event: LifecycleEvent;
  readonly dossierId: number;
  readonly demarcheId: number;
  /** The plugin's settings for this démarche, validated. */
  readonly settings: unknown;
  /** For an `after` hook: when the event happened (ISO 8601), not when the hook runs. */
  readonly at?: string;
}

export interface Hooks {
  /** Runs inside the transition's transaction; may veto. */
  readonly before?: Partial<
    Record<LifecycleEvent, (ctx: HookContext) => HookVeto | void | Promise<HookVeto | void>>
  >;
  /** Runs after commit, through the job queue, retried on failure. */
  readonly after?: Partial<Record<LifecycleEvent, (ctx: HookContext) => void | Promise<void>>>;
}

/** An event a webhook tells of: a dossier's state change, or an administrator's test. */
export interface WebhookEvent {
  /** A lifecycle event, or `test` (« Envoyer un test »). */
  readonly event: LifecycleEvent | "test";
  /** Null for a test. */
  readonly dossierId: number | null;
  readonly demarcheId: number;
  /** The plugin's settings for this démarche, validated, as they are when the call is sent. */
  readonly settings: unknown;
  /** When the event happened (ISO 8601): the same on every try. */
  readonly at: string;
  /** The delivery's id (a UUID), also sent as `X-Guichet-Livraison`: the same on every try. */
  readonly deliveryId: string;
}

/** The HTTP POST a webhook makes for an event; the core sends it. */
export interface WebhookRequest {
  /** `http:` or `https:`; its host is resolved and checked when the call is sent. */
  readonly url: string;
  readonly body: string;
  /** Content type, signature…; the core adds `X-Guichet-Livraison`, `Host`, `Content-Length`. */
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * A webhook: the plugin describes the call for each event, the core keeps the delivery log
 * of the démarche, sends the call to a checked address (never a private one unless the
 * operator allows it), retries it with backoff for 72 hours, keeps a dossier's events in
 * order, and tells the démarche's administrateurs when one fails for good.
 */
export interface WebhookSender {
  readonly id: string;
  /** The address calls go to under `settings` (checked when they are saved), or null. */
  readonly target: (settings: unknown) => string | null;
  /** The call for one event; null: nothing to send under these settings. */
  readonly request: (event: WebhookEvent) => WebhookRequest | null;
}

/**
 * A read-only query a plugin offers its UI half (a search in reference data…), called as
 * `plugins.query({ plugin, name, input })`. Its input is validated by its schema.
 */
export interface PluginQuery<I = unknown> {
  readonly name: string;
  readonly input: GenericSchema<unknown, I>;
  /** `public`: anyone, even signed out; `signedIn`: any account. */
  readonly access: "public" | "signedIn";
  readonly run: (input: I) => unknown | Promise<unknown>;
}

/**
 * Who an identity provider says signs in, once the flow is verified (state, nonce, signature
 * of the id_token, its issuer, audience and dates). Absent claims are null.
 */
export interface VerifiedIdentity {
  /** The provider's stable identifier of the person (`sub`). */
  readonly subject: string;
  readonly email: string | null;
  /** Whether the provider says it checked the address. */
  readonly emailVerified: boolean;
  readonly givenName: string | null;
  readonly familyName: string | null;
  /** `YYYY-MM-DD`. */
  readonly birthdate: string | null;
  readonly gender: "female" | "male" | null;
  /** Level of assurance (`eidas1`…), as the provider stated it. */
  readonly acr: string | null;
  /** The raw id_token, kept with the session to sign out at the provider. */
  readonly idToken: string | null;
}

/** The secrets of one flow, made and kept by the core (one use, ten minutes, one browser). */
export interface IdentityFlowSecrets {
  readonly state: string;
  readonly nonce: string;
  /** PKCE code verifier (RFC 7636); the provider gets its S256 challenge. */
  readonly codeVerifier: string;
}

/** A preset a super-admin starts an instance from (FranceConnect, ProConnect…). */
export interface IdentityPreset<C = unknown> {
  readonly id: string;
  readonly label: string;
  /** Settings filled in; the super-admin completes the rest (client id, secret). */
  readonly config: Partial<C>;
  /** Whether its identity is certified enough for a démarche's « Identité vérifiée ». */
  readonly verifiesIdentity?: boolean;
}

/**
 * How a person proves who they are through an outside provider. The core stores the
 * instances a super-admin configures (settings validated by `config`), the flow's secrets,
 * the links to accounts and the sessions; the provider only talks to its server.
 */
export interface IdentityProvider<C = unknown> {
  /** Kind id (`oidc`). */
  readonly id: string;
  readonly label: string;
  /** Settings of one instance (issuer, client id…); a field named in `secrets` is write-only. */
  readonly config: GenericSchema<unknown, C>;
  /** Settings never shown back once saved (a client secret); left blank, they are kept. */
  readonly secrets?: readonly string[];
  readonly presets?: readonly IdentityPreset<C>[];
  /** The provider's address to send the browser to. */
  readonly start: (input: {
    readonly config: C;
    readonly redirectUri: string;
    readonly flow: IdentityFlowSecrets;
  }) => Promise<string>;
  /** Verifies the callback (`callbackUrl` as the browser came back) and returns who it is. */
  readonly finish: (input: {
    readonly config: C;
    readonly redirectUri: string;
    readonly callbackUrl: URL;
    readonly flow: IdentityFlowSecrets;
  }) => Promise<VerifiedIdentity>;
  /** Where to send the browser to end its session at the provider too; null: nowhere. */
  readonly logoutUrl?: (input: {
    readonly config: C;
    readonly idToken: string;
    readonly postLogoutRedirectUri: string;
  }) => Promise<string | null>;
}

/** The registration surface handed to `register`. */
export interface PluginApi {
  champType<O, V>(contribution: ChampType<O, V>): void;
  attestationGenerator<S>(contribution: AttestationGenerator<S>): void;
  channel(contribution: Channel): void;
  exportFormat(contribution: ExportFormat): void;
  invitationKind<S>(contribution: InvitationKind<S>): void;
  hooks(contribution: Hooks): void;
  webhook(contribution: WebhookSender): void;
  query<I>(contribution: PluginQuery<I>): void;
  identityProvider<C>(contribution: IdentityProvider<C>): void;
  fileScanner(contribution: FileScanner): void;
}

/** A plugin's manifest and registration function. */
export interface PluginDefinition<S extends GenericSchema | undefined = undefined> {
  readonly id: string;
  readonly version: string;
  readonly label: string;
  readonly description?: string;
  /** Range of SDK versions this plugin was written for, e.g. `^1.0.0`. */
  readonly host: string;
  /** Per-démarche settings, validated on save. */
  readonly settings?: S;
  /** Defaults to true; false means an administrator switches it on per démarche. */
  readonly enabledByDefault?: boolean;
  /** The plugin's own tables (`p_<id>_*`), applied at start after the core's. */
  readonly migrations?: Readonly<Record<string, Migration>>;
  readonly register: (api: PluginApi) => void;
}

/** Settings type of a plugin definition. */
export type PluginSettings<P> = P extends PluginDefinition<infer S>
  ? S extends GenericSchema ? InferOutput<S> : undefined
  : never;
