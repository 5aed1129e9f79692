/** What every service receives: the database, the clock, the plugins, the instance's URL. */
import type { Db } from "./db/mod.ts";
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
  readonly limiters: {
    readonly signInEmail: RateLimiter;
    readonly signInIp: RateLimiter;
    /** Uploads per account (`/files`). */
    readonly uploads: RateLimiter;
  };
  /** Bytes an account may keep in files not yet deposited (`UPLOAD_QUOTA_MB`). */
  readonly uploadQuotaBytes: number;
}
