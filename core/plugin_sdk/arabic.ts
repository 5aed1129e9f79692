/**
 * Right-to-left text for PDF pages, as far as a font without a shaping engine goes: Arabic
 * letters take their joined forms (Unicode presentation forms, which the embedded font has)
 * and each right-to-left run of a line is laid out from right to left inside the line's
 * left-to-right order. Not the full Unicode bidirectional algorithm: a paragraph is always
 * left-to-right (our documents are French), numbers inside an Arabic run keep their order,
 * and marks (harakat) are kept with their letter but not positioned. Hebrew is only reordered.
 */

/**
 * Arabic letters that take forms: the isolated form's code point and how many forms follow
 * it (2: joins on its right side only — isolated, final; 4: joins on both sides — isolated,
 * final, initial, medial).
 */
const FORMS: ReadonlyMap<number, readonly [number, 2 | 4]> = new Map([
  [0x0622, [0xfe81, 2]],
  [0x0623, [0xfe83, 2]],
  [0x0624, [0xfe85, 2]],
  [0x0625, [0xfe87, 2]],
  [0x0626, [0xfe89, 4]],
  [0x0627, [0xfe8d, 2]],
  [0x0628, [0xfe8f, 4]],
  [0x0629, [0xfe93, 2]],
  [0x062a, [0xfe95, 4]],
  [0x062b, [0xfe99, 4]],
  [0x062c, [0xfe9d, 4]],
  [0x062d, [0xfea1, 4]],
  [0x062e, [0xfea5, 4]],
  [0x062f, [0xfea9, 2]],
  [0x0630, [0xfeab, 2]],
  [0x0631, [0xfead, 2]],
  [0x0632, [0xfeaf, 2]],
  [0x0633, [0xfeb1, 4]],
  [0x0634, [0xfeb5, 4]],
  [0x0635, [0xfeb9, 4]],
  [0x0636, [0xfebd, 4]],
  [0x0637, [0xfec1, 4]],
  [0x0638, [0xfec5, 4]],
  [0x0639, [0xfec9, 4]],
  [0x063a, [0xfecd, 4]],
  [0x0641, [0xfed1, 4]],
  [0x0642, [0xfed5, 4]],
  [0x0643, [0xfed9, 4]],
  [0x0644, [0xfedd, 4]],
  [0x0645, [0xfee1, 4]],
  [0x0646, [0xfee5, 4]],
  [0x0647, [0xfee9, 4]],
  [0x0648, [0xfeed, 2]],
  [0x0649, [0xfeef, 2]],
  [0x064a, [0xfef1, 4]],
  // Persian and Urdu letters (presentation forms A).
  [0x067e, [0xfb56, 4]],
  [0x0686, [0xfb7a, 4]],
  [0x0698, [0xfb8a, 2]],
  [0x06a9, [0xfb8e, 4]],
  [0x06af, [0xfb92, 4]],
  [0x06cc, [0xfbfc, 4]],
]);

/** Lam followed by an alef: one ligature, isolated or final. */
const LAM_ALEF: ReadonlyMap<number, number> = new Map([
  [0x0622, 0xfef5],
  [0x0623, 0xfef7],
  [0x0625, 0xfef9],
  [0x0627, 0xfefb],
]);
const LAM = 0x0644;
const TATWEEL = 0x0640;

/** Marks that a letter carries: transparent to joining. */
const isMark = (cp: number) =>
  (cp >= 0x064b && cp <= 0x065f) || cp === 0x0670 || (cp >= 0x06d6 && cp <= 0x06ed);

/** Joins to the letter after it (its left side). */
const joinsForward = (cp: number | undefined) =>
  cp === TATWEEL || (cp !== undefined && FORMS.get(cp)?.[1] === 4);
/** Joins to the letter before it (its right side). */
const joinsBackward = (cp: number | undefined) =>
  cp === TATWEEL || (cp !== undefined && FORMS.has(cp));

/** Arabic letters in their joined forms (logical order kept). Other text is unchanged. */
export function shapeArabic(text: string): string {
  if (!/[\u0600-\u06ff]/.test(text)) return text;
  const cps = [...text].map((c) => c.codePointAt(0)!);
  const letterAt = (i: number, step: 1 | -1) => {
    for (let j = i + step; j >= 0 && j < cps.length; j += step) {
      if (!isMark(cps[j])) return cps[j];
    }
    return undefined;
  };
  const out: number[] = [];
  for (let i = 0; i < cps.length; i++) {
    const cp = cps[i];
    const forms = FORMS.get(cp);
    if (!forms) {
      out.push(cp);
      continue;
    }
    const before = letterAt(i, -1);
    const joinedBefore = joinsForward(before);
    // Lam + alef: one ligature; the alef is consumed.
    let k = i + 1;
    while (k < cps.length && isMark(cps[k])) k++;
    if (cp === LAM && LAM_ALEF.has(cps[k])) {
      out.push(LAM_ALEF.get(cps[k])! + (joinedBefore ? 1 : 0), ...cps.slice(i + 1, k));
      i = k;
      continue;
    }
    const joinedAfter = forms[1] === 4 && joinsBackward(letterAt(i, 1));
    const form = joinedBefore ? (joinedAfter ? 3 : 1) : joinedAfter ? 2 : 0;
    out.push(forms[0] + form);
  }
  return String.fromCodePoint(...out);
}

const RTL_LETTER = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/u;
/** A run of right-to-left letters, with the spaces, marks and punctuation between them. */
const RTL_RUN =
  /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc](?:[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\s\u00a0\u202f.,'’-]*[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc])?/gu;

/**
 * One line in the order it is drawn from left to right: each right-to-left run reversed
 * (a letter keeps its marks after it).
 */
export function visualOrder(line: string): string {
  if (!RTL_LETTER.test(line)) return line;
  const graphemes = new Intl.Segmenter("ar", { granularity: "grapheme" });
  return line.replace(
    RTL_RUN,
    (run) => [...graphemes.segment(run)].map((g) => g.segment).reverse().join(""),
  );
}
