/**
 * Text in PDF files with pdf-lib's standard fonts (WinAnsi): what can be drawn, lines that
 * fit a width, and a flow of headings and paragraphs that turns the page by itself — what
 * the attestation and the dossier's récapitulatif are written with.
 */
import { PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from "pdf-lib";

/** French spacing and other spaces WinAnsi lacks, drawn as the nearest it has. */
const SPACES = /[\u2000-\u200a\u202f\u205f]/g;

/** Keeps what the standard PDF fonts can draw (WinAnsi): « é », « œ », « € » yes, emoji no. */
export function drawable(font: PDFFont, text: string): string {
  return [...text.normalize("NFC").replace(SPACES, "\u00a0")].map((ch) => {
    try {
      font.encodeText(ch);
      return ch;
    } catch {
      return "?";
    }
  }).join("");
}

/** Breaks a text into lines that fit `width` at `size`; a word too long is cut. */
export function wrap(font: PDFFont, text: string, size: number, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split("\n")) {
    let line = "";
    for (let word of paragraph.split(/[ \t]+/).filter(Boolean)) {
      while (font.widthOfTextAtSize(word, size) > width && word.length > 1) {
        let cut = word.length - 1;
        while (cut > 1 && font.widthOfTextAtSize(word.slice(0, cut), size) > width) cut--;
        if (line) (lines.push(line), line = "");
        lines.push(word.slice(0, cut));
        word = word.slice(cut);
      }
      const next = line ? `${line} ${word}` : word;
      if (font.widthOfTextAtSize(next, size) <= width || !line) line = next;
      else (lines.push(line), line = word);
    }
    lines.push(line);
  }
  return lines;
}

export const A4 = { width: 595.28, height: 841.89 } as const;
const INK = rgb(0.1, 0.1, 0.12);
const MUTED = rgb(0.38, 0.38, 0.43);

interface TextStyle {
  readonly size?: number;
  readonly bold?: boolean;
  readonly muted?: boolean;
  /** Points from the left margin. */
  readonly indent?: number;
  /** Points left below the text. */
  readonly gap?: number;
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

  static async create(title: string, margin = 56): Promise<PdfFlow> {
    const doc = await PDFDocument.create();
    doc.setTitle(title);
    doc.setLanguage("fr-FR");
    doc.setProducer("Guichet");
    doc.setCreator("Guichet");
    const regular = await doc.embedFont(StandardFonts.Helvetica);
    const bold = await doc.embedFont(StandardFonts.HelveticaBold);
    return new PdfFlow(doc, regular, bold, margin);
  }

  get width(): number {
    return A4.width - 2 * this.margin;
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
    for (const line of wrap(font, drawable(font, text), size, this.width - indent)) {
      this.keep(size * 1.45);
      this.#y -= size * 1.45;
      this.#page.drawText(line, {
        x: this.margin + indent,
        y: this.#y,
        size,
        font,
        color: style.muted ? MUTED : INK,
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
      page.drawText(text, {
        x: this.margin,
        y: this.margin / 2,
        size: 8,
        font: this.regular,
        color: MUTED,
      });
    });
    return await this.doc.save();
  }
}
