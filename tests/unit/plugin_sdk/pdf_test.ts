/**
 * Text for PDF pages: what the embedded font draws (every name, U+FFFD only for what it
 * lacks), lines wrapped by measured width with paragraphs kept, never broken at a no-break
 * space, and Arabic joined and laid out right to left.
 */
import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import { PDFDocument } from "pdf-lib";
import { drawable, embedFonts, wrap } from "../../../core/plugin_sdk/pdf.ts";
import { shapeArabic, visualOrder } from "../../../core/plugin_sdk/arabic.ts";

const doc = await PDFDocument.create();
const { regular } = await embedFonts(doc);

const text = suite("PDF text");

text("draws Polish, Vietnamese, Breton, Esperanto and French spacing as typed", () => {
  for (
    const name of [
      "Łukasiewicz",
      "Żółć",
      "Nguyễn Thị Minh Khai",
      "C'hoari Kêr-Is Doñana",
      "Ŝtormy",
      "12\u202fh\u202f30\u202f: « oui »",
    ]
  ) {
    assert.is(drawable(regular, name), name);
  }
});

text("keeps line breaks, drops controls, marks only what the font lacks", () => {
  assert.is(drawable(regular, "Bonjour Madame,\r\n\r\nMerci"), "Bonjour Madame,\n\nMerci");
  assert.is(drawable(regular, "a\u0007b\u200bc\u00add"), "abcd");
  assert.is(drawable(regular, "e\u0301"), "é"); // composed (NFC)
  assert.is(drawable(regular, "漢"), "\ufffd");
});

text("wraps by measured width, keeps paragraphs, never at a no-break space", () => {
  const lines = wrap(regular, "Bonjour Madame,\n\nMerci pour tout.", 10, 500);
  assert.equal(lines, ["Bonjour Madame,", "", "Merci pour tout."]);
  const width = regular.widthOfTextAtSize("Rendez-vous à 12", 10) + 1;
  const narrow = wrap(regular, "Rendez-vous à 12\u202fh\u202f30", 10, width);
  assert.equal(narrow, ["Rendez-vous à", "12\u202fh\u202f30"]);
  for (const line of wrap(regular, "mot ".repeat(60), 10, 120)) {
    assert.ok(regular.widthOfTextAtSize(line, 10) <= 120, line);
  }
  // A word wider than the line is cut between letters, never inside « ễ ».
  const cut = wrap(regular, "Nguyễn".repeat(12), 10, 60);
  assert.ok(cut.length > 1);
  assert.is(cut.join(""), "Nguyễn".repeat(12));
});

text("joins Arabic letters and lays the run out right to left", () => {
  // م (initial) ح (medial) م (medial) د (final)
  assert.is(shapeArabic("محمد"), "\ufee3\ufea4\ufee4\ufeaa");
  assert.is(shapeArabic("لا"), "\ufefb");
  assert.is(shapeArabic("Łukasiewicz"), "Łukasiewicz");
  assert.is(
    visualOrder("Titulaire : \ufee3\ufea4\ufee4\ufeaa"),
    "Titulaire : \ufeaa\ufee4\ufea4\ufee3",
  );
  assert.is(drawable(regular, "محمد"), "\ufee3\ufea4\ufee4\ufeaa");
});

text.run();
