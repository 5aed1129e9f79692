/**
 * Zip files written as they are made: fflate's synchronous zip stream handed to an export's
 * sink one batch at a time (spreadsheets are zips; so is the ZIP of dossiers and their
 * files). No Zip64: an entry, and the whole file, stay under 4 GiB.
 */
import { Zip, ZipDeflate, ZipPassThrough } from "fflate";
import type { ExportFile, ExportSink } from "./types.ts";

/** fflate's default (6) took 1.5× as long for a file 7 % smaller. */
const DEFLATE_LEVEL = 3;

/**
 * fflate's synchronous zip stream, its output handed to the sink one batch at a time.
 * `around` lets a format put bytes of its own before the first entry and rewrite fflate's
 * central directory (the last chunk) — ODF's stored `mimetype` entry needs both.
 */
export class ZipToSink {
  readonly #zip: Zip;
  #pending: Uint8Array[] = [];
  #error: Error | null = null;
  readonly #sink: ExportSink;

  constructor(
    sink: ExportSink,
    around?: { first: Uint8Array; last: (directory: Uint8Array) => Uint8Array[] },
  ) {
    this.#sink = sink;
    if (around) this.#pending.push(around.first);
    this.#zip = new Zip((error, chunk, final) => {
      if (error) this.#error ??= error;
      else if (!final || !around) this.#pending.push(chunk);
      else {
        try {
          this.#pending.push(...around.last(chunk));
        } catch (e) {
          this.#error ??= e as Error;
        }
      }
    });
  }

  /**
   * Starts an entry; only one at a time, ended by pushing with `final`. `store` keeps the
   * bytes as they are (PDF, images: deflating them costs time and saves nothing).
   */
  entry(name: string, options: { store?: boolean } = {}): ZipDeflate | ZipPassThrough {
    const file = options.store
      ? new ZipPassThrough(name)
      : new ZipDeflate(name, { level: DEFLATE_LEVEL });
    this.#zip.add(file);
    return file;
  }

  end(): void {
    this.#zip.end();
  }

  /** Writes what the zip produced so far, one awaited chunk at a time. */
  async flush(): Promise<void> {
    if (this.#error) throw this.#error;
    const chunks = this.#pending;
    this.#pending = [];
    for (const chunk of chunks) await this.#sink.write(chunk);
  }
}

/** Writes `files` into `zip` one after the other, streamed, each stored as it is. */
export async function zipFiles(
  zip: ZipToSink,
  files: Iterable<ExportFile> | AsyncIterable<ExportFile>,
) {
  for await (const file of files) {
    const entry = zip.entry(file.path, { store: true });
    const content = await file.read();
    if (content instanceof Uint8Array) entry.push(content, true);
    else {
      const reader = content.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        entry.push(value, false);
        await zip.flush();
      }
      entry.push(new Uint8Array(0), true);
    }
    await zip.flush();
  }
}
