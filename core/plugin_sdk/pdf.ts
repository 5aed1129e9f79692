/**
 * Text in PDF files — what the attestation and the dossier's récapitulatif are written with.
 * Every document embeds DejaVu Sans (npm `dejavu-fonts-ttf`, read from node_modules, never
 * downloaded), subset to the glyphs it uses, so any Latin, Greek, Cyrillic, Vietnamese or
 * Arabic name prints as typed; paragraphs keep their line breaks and lines are wrapped by their
 * measured width. A flow of headings and paragraphs turns the page by itself; images and QR
 * codes are drawn as the attestation needs them.
 */
import fontkit from "@pdf-lib/fontkit";
import { PDFDocument, type PDFFont, type PDFPage, rgb } from "pdf-lib";
import { encode } from "uqr";
import { createRequire } from "node:module";
import { shapeArabic, visualOrder } from "./arabic.ts";

const FONT_FILES = {
  regular: "dejavu-fonts-ttf/ttf/DejaVuSans.ttf",
  bold: "dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf",
} as const;

let fontBytes: Promise<{ regular: Uint8Array; bold: Uint8Array }> | undefined;

/** The fonts' files, read once per process from the installed npm package. */
function fontFiles() {
  fontBytes ??= (async () => {
    const require = createRequire(import.meta.url);
    const [regular, bold] = await Promise.all([
      Deno.readFile(require.resolve(FONT_FILES.regular)),
      Deno.readFile(require.resolve(FONT_FILES.bold)),
    ]);
    return { regular, bold };
  })();
  return fontBytes;
}

/**
 * fontkit, told that every text is Latin: its Arabic and Universal shapers inherit their
 * static methods through `__proto__`, which Deno leaves out, and so throw. Arabic is shaped
 * before drawing instead (`shapeArabic`), into forms the default shaper draws as they are.
 *
 * Each document parses its own copy of the font: fontkit's subsetting writes the new ids of a
 * composite glyph's parts into the font's own bytes, so a parsed font (or its bytes) shared by
 * two documents made the second print some letters as blanks (« HDR -21AA » for « HDRK-21AA »).
 */
const latinFontkit = {
  create(data: Uint8Array, postscriptName?: string) {
    const font = fontkit.create(data.slice(), postscriptName);
    const layout = font.layout.bind(font) as (...args: unknown[]) => ReturnType<typeof font.layout>;
    font.layout = (text, features) => layout(text, features, "latn", "dflt", "ltr");
    return font;
  },
};

/**
 * The OpenType positioning features, off: pdf-lib keeps only the glyph ids of a laid-out line
 * (to draw it) and their advance widths (to measure it), so the kerning and mark offsets
 * fontkit computed for each line were thrown away — and were most of a document's time
 * (`deno task bench documents`: 0.35 → 0.14 ms a line). The output is the same. Substitutions
 * (ligatures, composed forms) stay on: they choose the glyphs.
 */
const UNPOSITIONED = { kern: false, mark: false, mkmk: false, curs: false };

/** Embeds the regular and bold fonts in `doc`, each subset to the glyphs drawn. */
export async function embedFonts(doc: PDFDocument): Promise<{ regular: PDFFont; bold: PDFFont }> {
  const files = await fontFiles();
  doc.registerFontkit(latinFontkit as unknown as Parameters<PDFDocument["registerFontkit"]>[0]);
  const [regular, bold] = await Promise.all([
    doc.embedFont(files.regular, { subset: true, features: UNPOSITIONED }),
    doc.embedFont(files.bold, { subset: true, features: UNPOSITIONED }),
  ]);
  return { regular, bold };
}

/** Title, language and producer; the viewer shows the title rather than the file name. */
export function describe(doc: PDFDocument, title: string): void {
  doc.setTitle(title, { showInWindowTitleBar: true });
  doc.setLanguage("fr-FR");
  doc.setProducer("Guichet");
  doc.setCreator("Guichet");
}

/** Characters with nothing to draw: bidi controls, zero-width spaces, soft hyphens. */
const INVISIBLE = /[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;
/** Controls but the line break. */
// deno-lint-ignore no-control-regex
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** Per font (by name: the same file in every document), what it draws and word widths. */
const charsets = new Map<string, Set<number>>();
const widths = new Map<string, Map<string, number>>();

/** Width of `text` at size 1, remembered (layout by fontkit is the costly part). */
function unitWidth(font: PDFFont, text: string): number {
  let cache = widths.get(font.name);
  if (!cache) widths.set(font.name, cache = new Map());
  let width = cache.get(text);
  if (width === undefined) {
    width = font.widthOfTextAtSize(text, 1);
    if (cache.size > 50_000) cache.clear();
    cache.set(text, width);
  }
  return width;
}

/**
 * What `font` can draw of `text`: line breaks kept (`\r\n` → `\n`), tabs as spaces, Arabic
 * in its joined forms, and U+FFFD for a character the font lacks (CJK, most emoji).
 */
export function drawable(font: PDFFont, text: string): string {
  let set = charsets.get(font.name);
  if (!set) charsets.set(font.name, set = new Set(font.getCharacterSet()));
  const chars = set;
  const clean = shapeArabic(
    text.normalize("NFC").replace(/\r\n?/g, "\n").replace(/\t/g, " ").replace(INVISIBLE, "")
      .replace(CONTROLS, ""),
  );
  return [...clean].map((ch) => ch === "\n" || chars.has(ch.codePointAt(0)!) ? ch : "\ufffd")
    .join("");
}

const graphemes = new Intl.Segmenter("fr", { granularity: "grapheme" });

/**
 * Breaks a text into lines that fit `width` at `size`, measured with `font`: each `\n` starts
 * a new line (an empty one between paragraphs stays), words break at spaces only (never at a
 * no-break space, U+00A0 or U+202F), and a word wider than the line is cut between letters.
 */
export function wrap(font: PDFFont, text: string, size: number, width: number): string[] {
  const max = width / size;
  const space = unitWidth(font, " ");
  const lines: string[] = [];
  for (const paragraph of text.split("\n")) {
    let line = "";
    let lineWidth = 0;
    for (let word of paragraph.split(/ +/).filter(Boolean)) {
      let wordWidth = unitWidth(font, word);
      if (wordWidth > max) {
        if (line) (lines.push(line), line = "");
        let part = "";
        for (const { segment } of graphemes.segment(word)) {
          if (part && unitWidth(font, part + segment) > max) (lines.push(part), part = "");
          part += segment;
        }
        word = part;
        wordWidth = unitWidth(font, word);
      }
      // Words are measured alone (kerning across a space is negligible), so a line costs
      // one layout per new word rather than one per candidate line.
      if (line && lineWidth + space + wordWidth <= max) {
        line = `${line} ${word}`;
        lineWidth += space + wordWidth;
      } else {
        if (line) lines.push(line);
        line = word;
        lineWidth = wordWidth;
      }
    }
    lines.push(line);
  }
  return lines;
}

export const A4 = { width: 595.28, height: 841.89 } as const;
const INK = rgb(0.1, 0.1, 0.12);
const MUTED = rgb(0.38, 0.38, 0.43);

/** Draws one line of text (already `drawable` and wrapped), right-to-left runs reordered. */
export function drawLine(
  page: PDFPage,
  line: string,
  opts: { x: number; y: number; size: number; font: PDFFont; muted?: boolean },
): void {
  if (!line) return;
  page.drawText(visualOrder(line), {
    x: opts.x,
    y: opts.y,
    size: opts.size,
    font: opts.font,
    color: opts.muted ? MUTED : INK,
  });
}

/**
 * A QR code of `text` drawn as dark squares (vectors: sharp at any zoom), `size` points wide
 * with its lower-left corner at (x, y). Leave 4 modules of white around it.
 */
export function drawQr(page: PDFPage, text: string, x: number, y: number, size: number): void {
  const { data } = encode(text, { ecc: "M", border: 0 });
  const cell = size / data.length;
  data.forEach((row, r) => {
    // Runs of dark modules in a row: one rectangle each.
    for (let c = 0; c < row.length; c++) {
      if (!row[c]) continue;
      let end = c;
      while (end + 1 < row.length && row[end + 1]) end++;
      page.drawRectangle({
        x: x + c * cell,
        y: y + size - (r + 1) * cell,
        width: (end - c + 1) * cell,
        height: cell,
        color: rgb(0, 0, 0),
      });
      c = end;
    }
  });
}

/** Embeds a PNG or JPEG image; null for another format (WebP, GIF) or a broken file. */
export async function embedImage(doc: PDFDocument, bytes: Uint8Array, mime: string) {
  try {
    if (mime === "image/png") return await doc.embedPng(bytes);
    if (mime === "image/jpeg") return await doc.embedJpg(bytes);
  } catch {
    // A file that does not decode: the document goes without it.
  }
  return null;
}

interface TextStyle {
  readonly size?: number;
  readonly bold?: boolean;
  readonly muted?: boolean;
  /** Points from the left margin. */
  readonly indent?: number;
  /** Points left below the text. */
  readonly gap?: number;
  /** Points of width the text may take (default: up to the right margin). */
  readonly width?: number;
}

/** A4 pages filled top to bottom; a new page starts when the text reaches the bottom margin. */
export class PdfFlow {
  readonly doc: PDFDocument;
  readonly regular: PDFFont;
  readonly bold: PDFFont;
  readonly margin: number;
  #page: PDFPage;
  #y: number;

  private constructor(doc: PDFDocument, regular: PDFFont, bold: PDFFont, margin: number) {
    this.doc = doc;
    this.regular = regular;
    this.bold = bold;
    this.margin = margin;
    this.#page = doc.addPage([A4.width, A4.height]);
    this.#y = A4.height - margin;
  }

  /** A new document titled `title` (metadata, language fr-FR), with the embedded fonts. */
  static async create(title: string, margin = 56): Promise<PdfFlow> {
    const doc = await PDFDocument.create();
    describe(doc, title);
    const { regular, bold } = await embedFonts(doc);
    return new PdfFlow(doc, regular, bold, margin);
  }

  get width(): number {
    return A4.width - 2 * this.margin;
  }

  /** The page being written. */
  get page(): PDFPage {
    return this.#page;
  }

  /** Points from the bottom of the page to the last line written. */
  get y(): number {
    return this.#y;
  }

  /** Moves down by `points`. */
  skip(points: number): void {
    this.#y -= points;
  }

  /** Starts a new page unless `points` still fit on this one. */
  keep(points: number): void {
    if (this.#y - points >= this.margin) return;
    this.#page = this.doc.addPage([A4.width, A4.height]);
    this.#y = A4.height - this.margin;
  }

  text(text: string, style: TextStyle = {}): void {
    const size = style.size ?? 10.5;
    const font = style.bold ? this.bold : this.regular;
    const indent = style.indent ?? 0;
    const width = style.width ?? this.width - indent;
    for (const line of wrap(font, drawable(font, text), size, width)) {
      this.keep(size * 1.45);
      this.#y -= size * 1.45;
      drawLine(this.#page, line, {
        x: this.margin + indent,
        y: this.#y,
        size,
        font,
        muted: style.muted,
      });
    }
    this.#y -= style.gap ?? 0;
  }

  /** A heading, moved to the next page with the first lines that follow it. */
  heading(text: string, level: 1 | 2 | 3): void {
    const size = level === 1 ? 18 : level === 2 ? 13.5 : 11.5;
    this.#y -= level === 1 ? 0 : level === 2 ? 14 : 6;
    // Never alone at the foot of a page: with room for what it introduces.
    this.keep(size * 1.45 + (level === 2 ? 90 : 40));
    this.text(text, { size, bold: true, gap: level === 1 ? 10 : 6 });
    if (level === 2) {
      this.#page.drawLine({
        start: { x: this.margin, y: this.#y + 3 },
        end: { x: A4.width - this.margin, y: this.#y + 3 },
        thickness: 0.6,
        color: MUTED,
      });
      this.#y -= 6;
    }
  }

  /** A label and its value below it, indented by `indent`. */
  field(label: string, value: string, indent = 0): void {
    this.keep(34);
    this.text(label, { bold: true, size: 9.5, indent });
    this.text(value || "Non renseigné", { muted: !value, indent, gap: 7 });
  }

  /** Writes « page n / total » and `footer` at the foot of every page; returns the bytes. */
  async save(footer: string): Promise<Uint8Array> {
    const pages = this.doc.getPages();
    pages.forEach((page, i) => {
      const text = drawable(this.regular, `${footer} — page ${i + 1} / ${pages.length}`);
      drawLine(page, text.replace(/\n/g, " "), {
        x: this.margin,
        y: this.margin / 2,
        size: 8,
        font: this.regular,
        muted: true,
      });
    });
    return await this.doc.save();
  }
}
