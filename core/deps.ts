/** What every service receives: the database, the clock, the plugins, the instance's URL. */
import type { Db, Executor } from "./db/mod.ts";
import type { PluginHost } from "./plugin_host/host.ts";
import type { RateLimiter } from "./rate_limit.ts";
import type { BlobStore } from "./files/storage.ts";

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
  readonly limiters: {
    readonly signInEmail: RateLimiter;
    readonly signInIp: RateLimiter;
    /** Uploads per account (`/files`). */
    readonly uploads: RateLimiter;
  };
  /** Bytes an account may keep in files not yet deposited (`UPLOAD_QUOTA_MB`). */
  readonly uploadQuotaBytes: number;
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
