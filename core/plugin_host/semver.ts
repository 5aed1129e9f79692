/** The small part of semver the host needs: does a version satisfy a plugin's host range. */

type Triple = [number, number, number];

function parse(version: string): Triple | null {
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(version.trim());
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null;
}

function compare(a: Triple, b: Triple): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

function satisfiesOne(version: Triple, comparator: string): boolean {
  if (comparator === "*" || comparator === "") return true;
  const m = /^(\^|~|>=|<=|>|<|=)?\s*(.+)$/.exec(comparator)!;
  const op = m[1] ?? "=";
  const base = parse(m[2]);
  if (!base) return false;
  const c = compare(version, base);
  switch (op) {
    case "^": {
      const upper: Triple = base[0] > 0
        ? [base[0] + 1, 0, 0]
        : base[1] > 0
        ? [0, base[1] + 1, 0]
        : [0, 0, base[2] + 1];
      return c >= 0 && compare(version, upper) < 0;
    }
    case "~":
      return c >= 0 && compare(version, [base[0], base[1] + 1, 0]) < 0;
    case ">=":
      return c >= 0;
    case "<=":
      return c <= 0;
    case ">":
      return c > 0;
    case "<":
      return c < 0;
    default:
      return c === 0;
  }
}

/** `satisfies("1.2.0", "^1.0.0")` → true. Supports `^ ~ >= <= > < =`, `*`, spaces (and), `||`. */
export function satisfies(version: string, range: string): boolean {
  const v = parse(version);
  if (!v) return false;
  return range.split("||").some((part) =>
    // ">= 1.0.0" is one comparator: glue an operator to its version before splitting.
    part.trim().replace(/(\^|~|>=|<=|>|<|=)\s+/g, "$1").split(/\s+/)
      .every((comparator) => satisfiesOne(v, comparator))
  );
}
