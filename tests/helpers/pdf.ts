/**
 * Reading what a PDF of ours says as a reader's tools do: `pdftotext` (poppler-utils, installed
 * by .ci/run), which maps each glyph back to its characters through the font's ToUnicode table
 * — a « ? » drawn in place of « Ł » shows as « ? » here too.
 */

/** The text of the PDF's pages, in reading order (`pdftotext`, UTF-8). */
export function drawnText(bytes: Uint8Array, opts: { layout?: boolean } = {}): string {
  const file = Deno.makeTempFileSync({ suffix: ".pdf" });
  try {
    Deno.writeFileSync(file, bytes);
    const args = ["-enc", "UTF-8", ...(opts.layout ? ["-layout"] : []), file, "-"];
    const out = new Deno.Command("pdftotext", { args, stdout: "piped", stderr: "piped" })
      .outputSync();
    if (!out.success) {
      throw new Error(`pdftotext failed: ${new TextDecoder().decode(out.stderr)}`);
    }
    return new TextDecoder().decode(out.stdout);
  } finally {
    Deno.removeSync(file);
  }
}
