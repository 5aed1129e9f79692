/**
 * The rate limits of several processes on one PostgreSQL database (`WORKERS`, or machines
 * behind a proxy), in the `rate_limits` table: one row per limiter and key, counting the
 * failures since its window began, by one atomic upsert — two processes failing at once add
 * both. A window opens at the first failure and lasts `windowMs`; after `max` failures the key
 * waits for its end (the memory limiter's window slides instead: its block lifts one failure
 * at a time, this one all at once).
 */
import { sql } from "kysely";
import type { Db } from "./db/mod.ts";
import type { RateLimit, RateLimiter } from "./rate_limit.ts";

/** A limiter named `limiter` (one name per use: sign-ins by address, uploads…) in the database. */
export function databaseRateLimiter(db: Db, limiter: string, opts: RateLimit): RateLimiter {
  let purgedAt = -Infinity;
  return {
    async retryAfter(key, now) {
      const row = await db.selectFrom("rate_limits").select(["window_start", "n"])
        .where("limiter", "=", limiter).where("key", "=", key).executeTakeFirst();
      if (!row) return 0;
      const end = Number(row.window_start) + opts.windowMs;
      return end > now && row.n >= opts.max ? end - now : 0;
    },
    async fail(key, now) {
      const past = now - opts.windowMs;
      await db.insertInto("rate_limits")
        .values({ limiter, key, window_start: now, n: 1 })
        .onConflict((oc) =>
          oc.columns(["limiter", "key"]).doUpdateSet({
            // Both read the row as it was: a window past starts again from this failure.
            n: sql<number>`case when rate_limits.window_start <= ${past} then 1
              else rate_limits.n + 1 end`,
            window_start: sql<number>`case when rate_limits.window_start <= ${past}
              then ${now} else rate_limits.window_start end`,
          })
        ).execute();
      // Keys not seen again would stay: each process clears its limiter's past windows once a window.
      if (now - purgedAt < opts.windowMs) return;
      purgedAt = now;
      await db.deleteFrom("rate_limits")
        .where("limiter", "=", limiter).where("window_start", "<=", past).execute();
    },
    async reset(key) {
      await db.deleteFrom("rate_limits")
        .where("limiter", "=", limiter).where("key", "=", key).execute();
    },
  };
}
