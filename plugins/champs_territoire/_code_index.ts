/**
 * Entries found by the beginning of their codes (a commune by its code INSEE or any of its
 * postal codes): one sorted array of codes, searched by halves, so « 29 » or « 29200 »
 * reads a few hundred entries instead of scanning 35,000.
 */

export interface CodeIndex<T> {
  /** Entries with a code beginning with `prefix`, each once, in the list's order. */
  startingWith(prefix: string): T[];
}

export function codeIndex<T>(
  list: readonly T[],
  codesOf: (item: T) => readonly string[],
): CodeIndex<T> {
  const pairs: [code: string, position: number][] = [];
  list.forEach((item, position) => {
    for (const code of codesOf(item)) pairs.push([code, position]);
  });
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]));
  const codes = pairs.map(([code]) => code);
  const positions = Int32Array.from(pairs, ([, position]) => position);
  return {
    startingWith(prefix) {
      let low = 0;
      let high = codes.length;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if (codes[middle] < prefix) low = middle + 1;
        else high = middle;
      }
      const found = new Set<number>();
      for (let i = low; i < codes.length && codes[i].startsWith(prefix); i++) {
        found.add(positions[i]);
      }
      return [...found].sort((a, b) => a - b).map((position) => list[position]);
    },
  };
}
