/** Reading what a PDF of ours says, without a PDF renderer. */
import { inflateSync } from "node:zlib";

/** The text drawn on the PDF's pages (content streams inflated, WinAnsi hex strings read). */
export function drawnText(bytes: Uint8Array): string {
  const raw = new TextDecoder("latin1").decode(bytes);
  let text = "";
  for (const m of raw.matchAll(/stream\r?\n/g)) {
    const start = m.index! + m[0].length;
    const end = raw.indexOf("endstream", start);
    let content: string;
    try {
      content = new TextDecoder("latin1").decode(inflateSync(bytes.subarray(start, end)));
    } catch {
      continue;
    }
    for (const hex of content.matchAll(/<([0-9A-Fa-f]+)> Tj/g)) {
      text += new TextDecoder("windows-1252").decode(
        Uint8Array.from(hex[1].match(/../g)!.map((h) => parseInt(h, 16))),
      ) + "\n";
    }
  }
  return text;
}
