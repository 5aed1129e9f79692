/**
 * Counts failed attempts per key in a sliding window. One process (SQLite) keeps them in
 * memory (`createRateLimiter`); several processes on one PostgreSQL database count them in
 * the database (`databaseRateLimiter` in rate_limit_store.ts), else each would count its own
 * and an attacker spreading guesses over them would get as many tries as there are processes.
 */
export interface RateLimiter {
  /** Milliseconds until `key` may try again, or 0 when it may try now. */
  retryAfter(key: string, now: number): Promise<number>;
  fail(key: string, now: number): Promise<void>;
  reset(key: string): Promise<void>;
}

/** What a limiter allows: `max` failures within `windowMs`. */
export interface RateLimit {
  readonly max: number;
  readonly windowMs: number;
}

/** A limiter in this process's memory, bounded to 100,000 keys (the oldest forgotten first). */
export function createRateLimiter(opts: RateLimit): RateLimiter {
  const failures = new Map<string, number[]>();
  const recent = (key: string, now: number) => {
    const list = (failures.get(key) ?? []).filter((t) => now - t < opts.windowMs);
    if (list.length) failures.set(key, list);
    else failures.delete(key);
    return list;
  };
  return {
    retryAfter(key, now) {
      const list = recent(key, now);
      return Promise.resolve(list.length >= opts.max ? list[0] + opts.windowMs - now : 0);
    },
    fail(key, now) {
      const list = recent(key, now);
      list.push(now);
      failures.set(key, list);
      if (failures.size > 100_000) failures.delete(failures.keys().next().value!);
      return Promise.resolve();
    },
    reset(key) {
      failures.delete(key);
      return Promise.resolve();
    },
  };
}
