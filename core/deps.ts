/** What every service receives: the database, the clock, the plugins, the instance's URL. */
import type { Db, Executor } from "./db/mod.ts";
import type { FileScanner, LifecycleEvent } from "./plugin_sdk/types.ts";
import type { PluginHost } from "./plugin_host/host.ts";
import type { RateLimiter } from "./rate_limit.ts";
import type { BlobStore } from "./files/storage.ts";
import type { AuditEventInput } from "./audit/model.ts";

export interface Deps {
  readonly db: Db;
  readonly clock: () => Date;
  readonly host: PluginHost;
  /** Public URL of the instance, without trailing slash, for links in e-mails. */
  readonly baseUrl: string;
  /** Where uploaded files are kept. */
  readonly blobs: BlobStore;
  /** What the folders above accounts/ do when an account changes (core/main.ts lists them). */
  readonly accountFollowers: AccountFollowers;
  /** What the folders above demarches/ do when a démarche changes (core/main.ts lists them). */
  readonly demarcheFollowers: DemarcheFollowers;
  readonly limiters: {
    readonly signInEmail: RateLimiter;
    readonly signInIp: RateLimiter;
    /** Uploads per account (`/files`). */
    readonly uploads: RateLimiter;
    /** Unknown codes tried on `/attestations/<code>`, per IP address. */
    readonly attestationLookups: RateLimiter;
    /** Sign-ins begun through an identity provider (`/connexion/fournisseur/:id`), per IP. */
    readonly identityFlows: RateLimiter;
    /** Requests of the REST API (`/api/v1`), per jeton. */
    readonly apiTokens: RateLimiter;
  };
  /** Bytes an account may keep in files not yet deposited (`UPLOAD_QUOTA_MB`). */
  readonly uploadQuotaBytes: number;
  /** Whether webhooks may reach private addresses (`WEBHOOK_ALLOW_PRIVATE`). */
  readonly webhookAllowPrivate: boolean;
  /** What the folders above dossiers/ do when a dossier changes (core/main.ts lists them). */
  readonly dossierFollowers: DossierFollowers;
  /** The antivirus that checks uploads (core/files/scan.ts); null: none, files are sound. */
  readonly fileScanning: FileScanning | null;
  /**
   * Appends to the audit log in the caller's transaction (core/audit/service.ts `recordEvent`),
   * for the platform folders the audit folder builds on (jobs/), which cannot import it.
   */
  readonly recordEvent: (trx: Executor, event: AuditEventInput) => Promise<void>;
}

/** The file scanners active on this instance, and the configuration they are given. */
export interface FileScanning {
  readonly scanners: readonly FileScanner[];
  readonly config: Readonly<Record<string, string | undefined>>;
}

/** A state change just made, as the folders that follow it read it. */
export interface DossierTransition {
  readonly dossierId: number;
  readonly demarcheId: number;
  readonly event: LifecycleEvent;
  readonly from: string;
  readonly to: string;
  readonly now: string;
}

/**
 * What the folders above dossiers/ (instruction, messagerie…) do when a dossier changes,
 * registered once at composition (core/main.ts) so that dossiers/ never imports them. Each
 * runs in the transaction of the change, after the change's own effects.
 */
export interface DossierFollowers {
  /** After each transition of the lifecycle (instruction/ queues the attestation). */
  readonly transition: readonly ((
    deps: Deps,
    trx: Executor,
    change: DossierTransition,
  ) => Promise<void>)[];
  /** After the usager re-deposits modifications (messagerie/ resolves the corrections). */
  readonly modificationsDeposited: readonly ((
    trx: Executor,
    dossierId: number,
    now: string,
  ) => Promise<void>)[];
}

/**
 * What the folders above accounts/ (dossiers…) do when an account changes, registered once at
 * composition (core/main.ts) so that accounts/ never imports them. Each runs in the
 * transaction of the change.
 */
export interface AccountFollowers {
  /** After an account's address changes (dossiers/ renames the usager on its dashboards). */
  readonly emailChanged: readonly ((
    trx: Executor,
    userId: number,
    email: string,
  ) => Promise<void>)[];
}

/** A publication just made, as the folders that follow it read it. */
export interface DemarchePublished {
  readonly demarcheId: number;
  /** The published revision. */
  readonly revisionId: number;
  /** Whether it replaces an earlier revision (not the first nor a republication as is). */
  readonly newRevision: boolean;
  /** Whether it is the démarche's first publication (it was en test). */
  readonly first: boolean;
}

/**
 * What the folders above demarches/ (dossiers…) do when a démarche changes, registered once
 * at composition (core/main.ts) so that demarches/ never imports them. Each runs in the
 * transaction of the change.
 */
export interface DemarcheFollowers {
  /** After a publication (dossiers/ follows the new revision, drops the test dossiers). */
  readonly published: readonly ((trx: Executor, change: DemarchePublished) => Promise<void>)[];
}
