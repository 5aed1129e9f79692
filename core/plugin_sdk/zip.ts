/**
 * Zip files written as they are made, entry after entry, straight to an export's sink
 * (spreadsheets are zips; so is the ZIP of dossiers and their files). A streamed entry's
 * bytes are deflated by the runtime's native zlib (`node:zlib`) or stored as they are; its
 * CRC-32 (`zlib.crc32`) and sizes follow it in a data descriptor; the central directory comes
 * last. No Zip64: an entry, and the whole file, stay under 4 GiB and 65,535 entries.
 *
 * Why `node:zlib` (Deno 2.9, 148 MB of sheet XML, one core): fflate's JavaScript deflate at
 * level 3 took 2.4 s; the web `CompressionStream("deflate-raw")`, whose level is fixed at 6,
 * 2.5–4.5 s; `node:zlib` at level 3, streamed, 0.58 s for the same size of file.
 */
import zlib from "node:zlib";
import type { ExportFile, ExportSink } from "./types.ts";
import { ExportRefusal } from "./define.ts";

/** Level 6 took three times as long for a file 12 % smaller; level 1, a file 60 % larger. */
const DEFLATE_LEVEL = 3;
const MAX_BYTES = 0xffff_ffff;
const MAX_ENTRIES = 0xffff;
/** Bit 3: sizes and CRC in a data descriptor after the data; bit 11: UTF-8 name. */
const DESCRIPTOR = 0x0008;
const UTF8 = 0x0800;
const TOO_BIG = "Le fichier dépasse 4 Go : filtrez les dossiers et faites plusieurs exports.";

interface Written {
  readonly name: Uint8Array;
  readonly flags: number;
  readonly method: number;
  readonly crc: number;
  readonly compressed: number;
  readonly size: number;
  readonly offset: number;
}

/** One entry being written: its chunks in order, then `close()`. */
export interface ZipEntry {
  write(chunk: Uint8Array): Promise<void>;
  close(): Promise<void>;
}

/** A zip streamed to `sink`: whole files, streamed entries one at a time, then `end()`. */
export class ZipToSink {
  readonly #sink: ExportSink;
  readonly #entries: Written[] = [];
  readonly #time: number;
  readonly #date: number;
  #offset = 0;
  #open = false;

  constructor(sink: ExportSink) {
    this.#sink = sink;
    const now = new Date();
    this.#time = (now.getHours() << 11) | (now.getMinutes() << 5) | (now.getSeconds() >> 1);
    this.#date = ((now.getFullYear() - 1980) << 9) | ((now.getMonth() + 1) << 5) |
      now.getDate();
  }

  async #write(bytes: Uint8Array): Promise<void> {
    this.#offset += bytes.length;
    if (this.#offset > MAX_BYTES) throw new ExportRefusal(TOO_BIG);
    await this.#sink.write(bytes);
  }

  #start(name: string, store: boolean, flags: number) {
    if (this.#open) throw new Error("A zip entry is still open");
    if (this.#entries.length >= MAX_ENTRIES) {
      throw new ExportRefusal(
        "Le fichier compte plus de 65 535 éléments : filtrez les dossiers et faites plusieurs " +
          "exports.",
      );
    }
    const encoded = new TextEncoder().encode(name);
    return {
      name: encoded,
      flags: flags | (encoded.length === name.length ? 0 : UTF8),
      offset: this.#offset,
      method: store ? 0 : 8,
    };
  }

  #localHeader(e: Omit<Written, "offset">): Uint8Array {
    const header = new Uint8Array(30 + e.name.length);
    const h = new DataView(header.buffer);
    h.setUint32(0, 0x0403_4b50, true);
    h.setUint16(4, e.method ? 20 : 10, true); // version needed: 2.0 to inflate, 1.0 stored
    h.setUint16(6, e.flags, true);
    h.setUint16(8, e.method, true);
    h.setUint16(10, this.#time, true);
    h.setUint16(12, this.#date, true);
    h.setUint32(14, e.crc, true);
    h.setUint32(18, e.compressed, true);
    h.setUint32(22, e.size, true);
    h.setUint16(26, e.name.length, true);
    // Extra field length (28) stays 0.
    header.set(e.name, 30);
    return header;
  }

  /**
   * A whole entry, its bytes known: CRC and sizes in its local header, no data descriptor,
   * no extra field — what ODF's `mimetype` entry, first and stored, must be.
   */
  async file(name: string, bytes: Uint8Array, options: { store?: boolean } = {}): Promise<void> {
    const start = this.#start(name, options.store === true, 0);
    const data = options.store ? bytes : zlib.deflateRawSync(bytes, { level: DEFLATE_LEVEL });
    if (bytes.length > MAX_BYTES) throw new ExportRefusal(TOO_BIG);
    const entry = {
      ...start,
      crc: zlib.crc32(bytes) >>> 0,
      compressed: data.length,
      size: bytes.length,
    };
    await this.#write(this.#localHeader(entry));
    await this.#write(data);
    this.#entries.push(entry);
  }

  /**
   * Starts an entry written chunk by chunk; only one at a time. `store` keeps the bytes as
   * they are (PDF, images: deflating them costs time and saves nothing).
   */
  entry(name: string, options: { store?: boolean } = {}): ZipEntry {
    const start = this.#start(name, options.store === true, DESCRIPTOR);
    this.#open = true;
    let crc = 0;
    let size = 0;
    let compressed = 0;
    const headerWritten = this.#write(
      this.#localHeader({ ...start, crc: 0, compressed: 0, size: 0 }),
    );
    const emit = async (bytes: Uint8Array) => {
      compressed += bytes.length;
      await this.#write(bytes);
    };
    const deflater = options.store ? null : new Deflater();
    const finish = async () => {
      const descriptor = new Uint8Array(16);
      const d = new DataView(descriptor.buffer);
      d.setUint32(0, 0x0807_4b50, true);
      d.setUint32(4, crc, true);
      d.setUint32(8, compressed, true);
      d.setUint32(12, size, true);
      await this.#write(descriptor);
      this.#entries.push({ ...start, crc, compressed, size });
      this.#open = false;
    };
    return {
      write: async (chunk) => {
        await headerWritten;
        size += chunk.length;
        if (size > MAX_BYTES) throw new ExportRefusal(TOO_BIG);
        crc = zlib.crc32(chunk, crc) >>> 0;
        if (!deflater) return await emit(chunk);
        for (const out of await deflater.write(chunk)) await emit(out);
      },
      close: async () => {
        await headerWritten;
        if (deflater) { for (const out of await deflater.end()) await emit(out); }
        await finish();
      },
    };
  }

  /** Writes the central directory and the end record: the zip is complete. */
  async end(): Promise<void> {
    if (this.#open) throw new Error("A zip entry is still open");
    const start = this.#offset;
    const size = this.#entries.reduce((n, e) => n + 46 + e.name.length, 0);
    const directory = new Uint8Array(size + 22);
    const c = new DataView(directory.buffer);
    let at = 0;
    for (const e of this.#entries) {
      c.setUint32(at, 0x0201_4b50, true);
      c.setUint16(at + 4, 20, true); // made by: MS-DOS, 2.0
      c.setUint16(at + 6, e.method ? 20 : 10, true);
      c.setUint16(at + 8, e.flags, true);
      c.setUint16(at + 10, e.method, true);
      c.setUint16(at + 12, this.#time, true);
      c.setUint16(at + 14, this.#date, true);
      c.setUint32(at + 16, e.crc, true);
      c.setUint32(at + 20, e.compressed, true);
      c.setUint32(at + 24, e.size, true);
      c.setUint16(at + 28, e.name.length, true);
      // Extra, comment, disk, attributes stay 0.
      c.setUint32(at + 42, e.offset, true);
      directory.set(e.name, at + 46);
      at += 46 + e.name.length;
    }
    c.setUint32(at, 0x0605_4b50, true);
    c.setUint16(at + 8, this.#entries.length, true);
    c.setUint16(at + 10, this.#entries.length, true);
    c.setUint32(at + 12, size, true);
    c.setUint32(at + 16, start, true);
    await this.#write(directory);
  }
}

/**
 * node:zlib's raw deflate stream, fed one chunk at a time: each write resolves once zlib has
 * taken the chunk, with its compressed bytes (memory stays one chunk deep).
 */
class Deflater {
  // A sync flush after each chunk: all its bytes come out before the next is read.
  readonly #zlib = zlib.createDeflateRaw({
    level: DEFLATE_LEVEL,
    flush: zlib.constants.Z_SYNC_FLUSH,
  });
  #out: Uint8Array[] = [];
  #error: Error | null = null;

  constructor() {
    this.#zlib.on("data", (chunk: Uint8Array) => this.#out.push(chunk));
    this.#zlib.on("error", (error: Error) => this.#error ??= error);
  }

  #take(): Uint8Array[] {
    if (this.#error) throw this.#error;
    const out = this.#out;
    this.#out = [];
    return out;
  }

  async write(chunk: Uint8Array): Promise<Uint8Array[]> {
    await new Promise<void>((resolve, reject) =>
      this.#zlib.write(chunk, (error) => error ? reject(error) : resolve())
    );
    return this.#take();
  }

  async end(): Promise<Uint8Array[]> {
    await new Promise<void>((resolve, reject) => {
      this.#zlib.once("end", resolve);
      this.#zlib.once("error", reject);
      this.#zlib.end();
    });
    return this.#take();
  }
}

/** Writes `files` into `zip` one after the other, streamed, each stored as it is. */
export async function zipFiles(
  zip: ZipToSink,
  files: Iterable<ExportFile> | AsyncIterable<ExportFile>,
) {
  for await (const file of files) {
    const content = await file.read();
    if (content instanceof Uint8Array) {
      await zip.file(file.path, content, { store: true });
      continue;
    }
    const entry = zip.entry(file.path, { store: true });
    for await (const chunk of content) await entry.write(chunk);
    await entry.close();
  }
}
