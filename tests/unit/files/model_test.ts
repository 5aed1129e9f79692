import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import { cleanFilename } from "../../../core/files/model.ts";

const names = suite("files model: stored names");

names("cleanFilename() strips every bidi control, so a name displays as it is", () => {
  // « ‮exe.pdf » displays as « fdp.exe » : the override must go.
  assert.is(cleanFilename("facture\u202Efdp.exe", "application/pdf"), "facturefdp.exe.pdf");
  const controls = [
    "\u202A",
    "\u202B",
    "\u202C",
    "\u202D",
    "\u202E",
    "\u2066",
    "\u2067",
    "\u2068",
    "\u2069",
    "\u200E",
    "\u200F",
    "\u061C",
  ];
  for (const c of controls) {
    assert.is(
      cleanFilename(`re${c}leve.pdf`, "application/pdf"),
      "releve.pdf",
      `U+${c.codePointAt(0)!.toString(16)}`,
    );
  }
});

names("cleanFilename() drops control characters, NUL and lone surrogates", () => {
  assert.is(cleanFilename("a\u0000b\u0085c\u009f.pdf", "application/pdf"), "abc.pdf");
  assert.is(cleanFilename("photo\uD800.png", "image/png"), "photo.png");
  assert.is(cleanFilename("\uDC00x.png", "image/png"), "x.png");
  // A real pair (an emoji) stays.
  assert.is(cleanFilename("bateau \u{1F6A4}.png", "image/png"), "bateau \u{1F6A4}.png");
});

names("cleanFilename() normalises to NFC", () => {
  const decomposed = "Be\u0301ne\u0301dicte.pdf";
  assert.is(cleanFilename(decomposed, "application/pdf"), "Bénédicte.pdf");
  assert.is(cleanFilename(decomposed, "application/pdf").length, "Bénédicte.pdf".length);
});

names("cleanFilename() gives the name the extension of the sniffed type", () => {
  assert.is(cleanFilename("photo.png", "application/zip"), "photo.png.zip");
  assert.is(cleanFilename("scan.JPG", "image/jpeg"), "scan.JPG");
  assert.is(cleanFilename("scan.jpeg", "image/jpeg"), "scan.jpeg");
  assert.is(cleanFilename("notes", "text/plain"), "notes.txt");
  assert.is(cleanFilename("tableau.csv", "text/csv"), "tableau.csv");
  assert.is(cleanFilename("lettre.doc", "application/x-cfb"), "lettre.doc");
  // Without a type (names checked before sniffing), the extension stays as given.
  assert.is(cleanFilename("photo.png"), "photo.png");
});

names("cleanFilename() keeps a usable name when nothing is left", () => {
  assert.is(cleanFilename("\u202E\u0000", "application/pdf"), "fichier.pdf");
  assert.is(cleanFilename("  ", "image/png"), "fichier.png");
  assert.is(cleanFilename("...", "image/png"), "fichier.png");
  assert.ok(cleanFilename("x".repeat(500) + ".pdf", "application/pdf").endsWith("x.pdf"));
  assert.ok(cleanFilename("x".repeat(500) + ".pdf", "application/pdf").length <= 200);
});

names.run();
