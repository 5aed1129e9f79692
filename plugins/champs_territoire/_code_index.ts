/**
 * Entries found by the beginning of their codes (a commune by its code INSEE or any of its
 * postal codes): entries are grouped by the first two characters of their codes, so « 29 »
 * or « 29200 » reads a few hundred entries instead of scanning 35,000. Grouping needs one
 * pass and no sort: building it is cheap next to reading the data.
 */

export interface CodeIndex<T> {
  /** Entries with a code beginning with `prefix`, each once, in the list's order. */
  startingWith(prefix: string): T[];
}

const HEAD = 2;

/** Positions of the entries by the first characters of their codes, in the list's order. */
function groups<T>(list: readonly T[], codesOf: (item: T) => readonly string[]) {
  const building = new Map<string, number[]>();
  list.forEach((item, position) => {
    for (const head of new Set(codesOf(item).map((code) => code.slice(0, HEAD)))) {
      const group = building.get(head);
      if (group) group.push(position);
      else building.set(head, [position]);
    }
  });
  return new Map([...building].map(([head, positions]) => [head, Int32Array.from(positions)]));
}

export function codeIndex<T>(
  list: readonly T[],
  codesOf: (item: T) => readonly string[],
): CodeIndex<T> {
  // Built in its own function: closures here share one scope, and the arrays being
  // filled must not stay alive with `startingWith`.
  const byHead = groups(list, codesOf);
  const matches = (prefix: string) => (item: T) =>
    codesOf(item).some((code) => code.startsWith(prefix));
  return {
    startingWith(prefix) {
      if (prefix.length < HEAD) return list.filter(matches(prefix));
      const group = byHead.get(prefix.slice(0, HEAD));
      if (!group) return [];
      const found: T[] = [];
      const match = matches(prefix);
      for (const position of group) {
        if (match(list[position])) found.push(list[position]);
      }
      return found;
    },
  };
}
