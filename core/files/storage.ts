/**
 * Blobs on disk under `<DATA_DIR>/files`, two levels of folders by key. A blob is written to
 * a temporary name while it streams in, counted and hashed on the way, and renamed when
 * complete: a broken or oversized upload leaves nothing behind.
 *
 * A blob is never changed once written; it is only removed, after its row. While a backup
 * copies the files (`pauseRemovals`, in another process or this one), removals wait: a row the
 * backup's copy of the database still holds keeps its blob until the copy is done.
 */
import { createHash } from "node:crypto";

export interface BlobStore {
  /** Streams `body` to a new blob; stops and throws `TooLarge` past `maxBytes`. */
  put(
    body: ReadableStream<Uint8Array>,
    maxBytes: number,
  ): Promise<{ key: string; size: number; sha256: string; head: Uint8Array }>;
  open(key: string): Promise<ReadableStream<Uint8Array>>;
  remove(key: string): Promise<void>;
}

export class TooLarge extends Error {}

const HEAD_BYTES = 4100;

/**
 * The lock file a backup holds while removals must wait: beside the files folder (in it, it
 * would count as a blob), `<DATA_DIR>/files-sauvegarde.lock`.
 */
export function removalsLock(dir: string): string {
  return `${dir.replace(/\/+$/, "")}-sauvegarde.lock`;
}

async function openLock(dir: string): Promise<Deno.FsFile> {
  await Deno.mkdir(dir, { recursive: true });
  return await Deno.open(removalsLock(dir), { read: true, write: true, create: true });
}

/**
 * Holds removals of blobs under `dir` (every process's) until the returned function is
 * called; waits for removals under way to finish first.
 */
export async function pauseRemovals(dir: string): Promise<() => void> {
  const lock = await openLock(dir);
  await lock.lock(true);
  return () => lock.close(); // closing releases the lock
}

export function diskBlobStore(dir: string): BlobStore {
  const pathOf = (key: string) => `${dir}/${key.slice(0, 2)}/${key.slice(2, 4)}/${key}`;
  return {
    async put(body, maxBytes) {
      const key = crypto.randomUUID().replaceAll("-", "");
      const final = pathOf(key);
      await Deno.mkdir(final.slice(0, final.lastIndexOf("/")), { recursive: true });
      const temp = `${final}.part`;
      const file = await Deno.open(temp, { write: true, createNew: true });
      const hash = createHash("sha256");
      const head = new Uint8Array(HEAD_BYTES);
      let size = 0;
      try {
        for await (const chunk of body) {
          if (size < HEAD_BYTES) head.set(chunk.subarray(0, HEAD_BYTES - size), size);
          size += chunk.byteLength;
          if (size > maxBytes) throw new TooLarge();
          hash.update(chunk);
          let written = 0;
          while (written < chunk.byteLength) written += await file.write(chunk.subarray(written));
        }
        file.close();
        await Deno.rename(temp, final);
      } catch (error) {
        try {
          file.close();
        } catch {
          // already closed
        }
        await Deno.remove(temp).catch(() => {});
        throw error;
      }
      return {
        key,
        size,
        sha256: hash.digest("hex"),
        head: head.subarray(0, Math.min(size, HEAD_BYTES)),
      };
    },
    async open(key) {
      return (await Deno.open(pathOf(key), { read: true })).readable;
    },
    async remove(key) {
      const lock = await openLock(dir);
      try {
        await lock.lock(false); // shared: removals run together, but wait for a backup
        await Deno.remove(pathOf(key)).catch(() => {});
      } finally {
        lock.close();
      }
    },
  };
}
