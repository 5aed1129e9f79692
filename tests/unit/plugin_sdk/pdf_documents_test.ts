/**
 * Documents made one after the other in one process each print exactly what they were given:
 * a font subset of one never leaks into the next (a shared parsed font once made the second
 * document lose letters of an attestation's code: « HDR -21AA » for « HDRK-21AA »).
 */
import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import { PdfFlow } from "../../../core/plugin_sdk/pdf.ts";
import { drawnText } from "../../helpers/pdf.ts";

const documents = suite("PDF documents in sequence");

const LETTERS = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** Some letters in a shuffled order, grouped like a code. */
function code(seed: number): string {
  let x = seed;
  const out: string[] = [];
  for (let i = 0; i < 20; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    out.push(LETTERS[x % LETTERS.length]);
  }
  return out.join("").match(/.{4}/g)!.join("-");
}

documents("each of twenty documents prints its own code, whatever came before", async () => {
  for (let i = 0; i < 20; i++) {
    const pdf = await PdfFlow.create(`Document ${i}`);
    // Different texts before, in both fonts, as a récapitulatif then an attestation would.
    pdf.text(
      `Dossier n° ${i} — Équipage : Maïwenn, Noël, Zoé, Lætitia, Ŝtormy, Łukasiewicz, Nguyễn « Le Goéland » ${
        code(i * 7 + 3)
      }`,
      { bold: i % 2 === 0 },
    );
    pdf.text("Équipage : Maïwenn Le Goéland, carte « 2026 ».pdf", { bold: true });
    pdf.text("Vérifier cette attestation", { bold: true, size: 10 });
    const expected = code(i + 1);
    pdf.text(expected, { bold: true, size: 12 });
    const text = drawnText(await pdf.doc.save());
    assert.ok(text.includes(expected), `document ${i}: ${expected} not in\n${text}`);
  }
});

documents.run();
