/**
 * The ZIP export format: one folder per dossier with the files the host hands it, streamed
 * (a stored file arrives as a stream, the récapitulatif as bytes), readable by a zip reader;
 * past its limits it refuses in French, with what to do.
 */
import { suite } from "../../../helpers/suite.ts";
import { writeRows } from "../../../helpers/export_rows.ts";
import * as assert from "uvu/assert";
import { unzipSync } from "fflate";
import { createPluginHost } from "../../../../core/plugin_host/host.ts";
import {
  type ExportFile,
  type ExportFormat,
  ExportRefusal,
  type ExportRow,
} from "../../../../core/plugin_sdk/mod.ts";
import exportZip, { MAX_DOSSIERS } from "../../../../plugins/export_zip/mod.ts";

function zipFormat(): ExportFormat {
  const host = createPluginHost([{ source: "plugins/export_zip", definition: exportZip }], {
    log: (m) => {
      throw new Error(m);
    },
  });
  const format = host.exportFormats.get("zip");
  if (!format) throw new Error("No zip export format registered");
  return format;
}

async function* rowsOf(count: number): AsyncGenerator<ExportRow> {
  for (let numero = 1; numero <= count; numero++) yield { numero };
}

const text = (s: string) => new TextEncoder().encode(s);

/** A stored file: its bytes in two chunks of a stream, as the blob store gives them. */
const streamed = (s: string) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      const bytes = text(s);
      controller.enqueue(bytes.subarray(0, 3));
      controller.enqueue(bytes.subarray(3));
      controller.close();
    },
  });

async function* filesOf(row: ExportRow): AsyncGenerator<ExportFile> {
  const root = `dossier-${row.numero}`;
  yield { path: `${root}/${root}.pdf`, read: () => Promise.resolve(text(`%PDF ${row.numero}`)) };
  if (row.numero === 2) {
    yield {
      path: `${root}/pieces-jointes/carte « grise ».pdf`,
      read: () => Promise.resolve(streamed("une carte grise")),
    };
  }
}

async function write(count: number) {
  const chunks: Uint8Array[] = [];
  await writeRows(zipFormat(), [], rowsOf(count), {
    write: (chunk) => {
      chunks.push(chunk.slice());
      return Promise.resolve();
    },
  }, filesOf);
  const bytes = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let offset = 0;
  for (const c of chunks) bytes.set(c, offset), offset += c.length;
  return { bytes, chunks: chunks.length };
}

const zip = suite("export_zip plugin");

zip("a folder per dossier, its files whole, names in UTF-8", async () => {
  const { bytes, chunks } = await write(3);
  assert.ok(chunks > 3, "written as it goes, not in one piece");
  const entries = unzipSync(bytes);
  assert.equal(Object.keys(entries).sort(), [
    "dossier-1/dossier-1.pdf",
    "dossier-2/dossier-2.pdf",
    "dossier-2/pieces-jointes/carte « grise ».pdf",
    "dossier-3/dossier-3.pdf",
  ]);
  assert.is(
    new TextDecoder().decode(entries["dossier-2/pieces-jointes/carte « grise ».pdf"]),
    "une carte grise",
  );
  assert.is(new TextDecoder().decode(entries["dossier-3/dossier-3.pdf"]), "%PDF 3");
});

zip("no dossier: an empty, valid zip", async () => {
  assert.equal(Object.keys(unzipSync((await write(0)).bytes)), []);
});

zip("past its dossiers limit it refuses in French, saying what to do", async () => {
  try {
    await write(MAX_DOSSIERS + 1);
    assert.unreachable("the limit should stop the export");
  } catch (error) {
    assert.instance(error, ExportRefusal);
    assert.match((error as Error).message, "limité à 5 000 dossiers : filtrez les dossiers");
  }
});

zip("the host must hand it the files", async () => {
  try {
    await writeRows(zipFormat(), [], rowsOf(1), { write: () => Promise.resolve() });
    assert.unreachable();
  } catch (error) {
    assert.not.instance(error, ExportRefusal);
  }
});

zip.run();
