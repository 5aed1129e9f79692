/**
 * The SDK's zip writer (core/plugin_sdk/zip.ts): whole and streamed entries, deflated or
 * stored, UTF-8 names, read back by fflate and, where it is installed, by Python's zipfile
 * (which checks every CRC).
 */
import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import { strFromU8, unzipSync } from "fflate";
import { ZipToSink } from "../../../core/plugin_sdk/mod.ts";

const encoder = new TextEncoder();

/** A zip of every kind of entry, in memory. */
async function sample(): Promise<{ bytes: Uint8Array; contents: Record<string, string> }> {
  const chunks: Uint8Array[] = [];
  const zip = new ZipToSink({ write: (c) => (chunks.push(c.slice()), Promise.resolve()) });
  const long = Array.from({ length: 20_000 }, (_, i) => `<row r="${i}">Élise ${i}</row>`);
  await zip.file("mimetype", encoder.encode("application/x-test"), { store: true });
  await zip.file("entier.xml", encoder.encode("<a>tout d’un coup</a>"));
  const deflated = zip.entry("données/feuille.xml");
  for (let i = 0; i < long.length; i += 5000) {
    await deflated.write(encoder.encode(long.slice(i, i + 5000).join("")));
  }
  await deflated.close();
  const stored = zip.entry("pièces/scan.pdf", { store: true });
  await stored.write(encoder.encode("%PDF-1.7 "));
  await stored.write(encoder.encode("fin"));
  await stored.close();
  const empty = zip.entry("vide.txt");
  await empty.close();
  await zip.end();
  const bytes = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) bytes.set(c, at), at += c.length;
  return {
    bytes,
    contents: {
      "mimetype": "application/x-test",
      "entier.xml": "<a>tout d’un coup</a>",
      "données/feuille.xml": long.join(""),
      "pièces/scan.pdf": "%PDF-1.7 fin",
      "vide.txt": "",
    },
  };
}

const zip = suite("plugin_sdk zip");

zip(
  "every entry reads back as written, the first stored with its sizes in its header",
  async () => {
    const { bytes, contents } = await sample();
    const files = unzipSync(bytes);
    assert.equal(Object.keys(files), Object.keys(contents));
    for (const [name, text] of Object.entries(contents)) assert.is(strFromU8(files[name]), text);
    const view = new DataView(bytes.buffer);
    assert.is(view.getUint16(6, true) & 8, 0, "no data descriptor on a whole entry");
    assert.is(view.getUint32(18, true), contents.mimetype.length, "compressed size in the header");
    assert.is(strFromU8(bytes.subarray(38, 38 + contents.mimetype.length)), contents.mimetype);
  },
);

const python = await new Deno.Command("python3", { args: ["--version"] }).output()
  .then((o) => o.success, () => false);
(python ? zip : zip.skip)("Python's zipfile finds every CRC and size right", async () => {
  const { bytes, contents } = await sample();
  const path = await Deno.makeTempFile({ suffix: ".zip" });
  try {
    await Deno.writeFile(path, bytes);
    const out = await new Deno.Command("python3", {
      args: [
        "-c",
        "import json, sys, zipfile\n" +
        "z = zipfile.ZipFile(sys.argv[1])\n" +
        "print(json.dumps({'bad': z.testzip(), 'files': " +
        "{i.filename: z.read(i).decode() for i in z.infolist()}}))",
        path,
      ],
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.ok(out.success, new TextDecoder().decode(out.stderr));
    const read = JSON.parse(new TextDecoder().decode(out.stdout));
    assert.is(read.bad, null, "testzip found no bad CRC");
    assert.equal(read.files, contents);
  } finally {
    await Deno.remove(path);
  }
});

zip.run();
