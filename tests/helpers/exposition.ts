/**
 * A reader of Prometheus' text exposition format, strict enough to fail on a malformed line:
 * every sample is `name{label="value",…} number`, after its family's `# HELP` and `# TYPE`.
 */
export interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

const SAMPLE =
  /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{((?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\["\\n])*",?)*)\})? (\S+)$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\["\\n])*)"/g;
const COMMENT = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.+)$/;

/** The samples of `text`; throws on the first line that breaks the format. */
export function parseExposition(text: string): Sample[] {
  if (!text.endsWith("\n")) throw new Error("The exposition does not end with a newline");
  const typed = new Map<string, string>();
  const helped = new Set<string>();
  const samples: Sample[] = [];
  for (const line of text.slice(0, -1).split("\n")) {
    const comment = COMMENT.exec(line);
    if (comment) {
      const [, kind, name, rest] = comment;
      if (kind === "HELP") helped.add(name);
      else if (["counter", "gauge", "histogram"].includes(rest)) typed.set(name, rest);
      else throw new Error(`Unknown type in "${line}"`);
      continue;
    }
    const m = SAMPLE.exec(line);
    if (!m) throw new Error(`Not a sample line: "${line}"`);
    const [, name, labelText, valueText] = m;
    const family = typed.has(name) ? name : name.replace(/_(bucket|sum|count)$/, "");
    if (!typed.has(family) || !helped.has(family)) {
      throw new Error(`Sample "${name}" before its HELP and TYPE`);
    }
    const value = valueText === "+Inf" ? Infinity : Number(valueText);
    if (Number.isNaN(value)) throw new Error(`Not a number in "${line}"`);
    const labels: Record<string, string> = {};
    for (const l of (labelText ?? "").matchAll(LABEL)) {
      labels[l[1]] = l[2].replace(/\\(["\\n])/g, (_, c) => c === "n" ? "\n" : c);
    }
    samples.push({ name, labels, value });
  }
  return samples;
}

/** The value of the one sample of `name` whose labels include `labels` (0 when none). */
export function valueOf(
  samples: readonly Sample[],
  name: string,
  labels: Record<string, string> = {},
): number {
  const found = samples.filter((s) =>
    s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v)
  );
  if (found.length > 1) throw new Error(`${found.length} samples of ${name} match`);
  return found[0]?.value ?? 0;
}
