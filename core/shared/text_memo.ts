/**
 * What a pure function makes of a stored text, kept for the texts read last. A save or a
 * deposit reads the same démarche columns (settings, forms) on every call and parsed them
 * through valibot each time; keyed by the text itself, a column changed since is a new entry,
 * and two instances in one process never mix theirs. Results are deep-frozen: they are shared
 * by every caller, which may read them, never change them.
 */

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

/**
 * `fn` kept for the last `limit` distinct texts (the least recently read dropped first); its
 * results shared and frozen. `fn` must be pure: the same text always gives the same result.
 * A text it throws on is not kept (it throws again).
 *
 * @example
 * ```ts
 * const settingsOf = memoByText((json) => v.parse(settingsSchema, JSON.parse(json)));
 * settingsOf(demarche.settings).avis;
 * ```
 */
export function memoByText<T>(fn: (text: string) => T, limit = 64): (text: string) => Readonly<T> {
  const kept = new RecentMap<string, T>(limit);
  return (text) => {
    const found = kept.get(text);
    if (found !== undefined) return found;
    const made = deepFreeze(fn(text));
    kept.set(text, made);
    return made;
  };
}

/** A map of at most `limit` entries: past it, the least recently read one goes. */
export class RecentMap<K, V> {
  readonly #kept = new Map<K, V>();
  constructor(readonly limit: number) {}

  get(key: K): V | undefined {
    const found = this.#kept.get(key);
    if (found !== undefined) {
      // Read again: moved to the end, the last to go.
      this.#kept.delete(key);
      this.#kept.set(key, found);
    }
    return found;
  }

  set(key: K, value: V): void {
    this.#kept.delete(key);
    if (this.#kept.size >= this.limit) this.#kept.delete(this.#kept.keys().next().value!);
    this.#kept.set(key, value);
  }
}
