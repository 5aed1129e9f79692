/**
 * Text matching for territory names: accents, case, hyphens and apostrophes do not count,
 * so « saint etienne » finds Saint-Étienne and « l hay » finds L'Haÿ-les-Roses.
 */

/** `Saint-Étienne` → `saint etienne`: lower case, no accents, words split by one space. */
export function normalize(text: string): string {
  // Combining marks of Latin letters only (U+0300–U+036F): a plain range is several times
  // faster than `\p{M}` over 35,000 names, and French names need nothing else.
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[œæ]/g, (l) => l === "œ" ? "oe" : "ae")
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

// Common abbreviations people type for the names that begin a third of French communes.
const ABBREVIATIONS: Readonly<Record<string, string>> = { st: "saint", ste: "sainte" };

/** The words of a query, normalized, abbreviations written out. */
export function queryWords(query: string): string[] {
  const text = normalize(query);
  return text === "" ? [] : text.split(" ").map((w) => ABBREVIATIONS[w] ?? w);
}

/**
 * The search key of a name: its normalized words with a leading space, so that « starts a
 * word » is a plain `includes(" " + word)`.
 */
export function searchKey(name: string): string {
  return ` ${normalize(name)}`;
}

/** How well a name matches: 0 same name, 1 begins with the query, 2 every word begins a word. */
export type Rank = 0 | 1 | 2;

/**
 * The ranking of names for the query words: for a key made by `searchKey`, its rank, or -1
 * when it does not match. Built once per query, applied to every name.
 */
export function ranker(words: readonly string[]): (key: string) => Rank | -1 {
  if (words.length === 0) return () => 2;
  const phrase = ` ${words.join(" ")}`;
  const starts = words.map((w) => ` ${w}`);
  return (key) => {
    if (!key.includes(starts[0])) return -1;
    if (key === phrase) return 0;
    if (key.startsWith(phrase)) return 1;
    return starts.every((w) => key.includes(w)) ? 2 : -1;
  };
}

/**
 * The best `limit` items by rank, ties kept in the list's order (which the caller makes
 * meaningful: population, code, name).
 */
export function bestMatches<T>(
  items: Iterable<T>,
  rankOf: (item: T) => Rank | -1,
  limit: number,
): T[] {
  const buckets: T[][] = [[], [], []];
  for (const item of items) {
    const r = rankOf(item);
    if (r < 0) continue;
    if (buckets[r].length < limit) buckets[r].push(item);
    // Once the best buckets alone fill the page, lower ranks cannot get in.
    if (buckets[0].length >= limit) break;
  }
  return buckets.flat().slice(0, limit);
}
