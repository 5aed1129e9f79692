/**
 * Counts failed attempts per key in a sliding window, in memory. One server runs one
 * process, so memory is the right store; several processes would each count their own.
 */
export interface RateLimiter {
  /** Milliseconds until `key` may try again, or 0 when it may try now. */
  retryAfter(key: string, now: number): number;
  fail(key: string, now: number): void;
  reset(key: string): void;
}

export function createRateLimiter(opts: { max: number; windowMs: number }): RateLimiter {
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
      return list.length >= opts.max ? list[0] + opts.windowMs - now : 0;
    },
    fail(key, now) {
      const list = recent(key, now);
      list.push(now);
      failures.set(key, list);
      if (failures.size > 100_000) failures.delete(failures.keys().next().value!);
    },
    reset(key) {
      failures.delete(key);
    },
  };
}
