import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import { diskBlobStore, TooLarge } from "../../../core/files/storage.ts";
import { acceptFormat, cleanFilename } from "../../../core/files/model.ts";

const stream = (...chunks: Uint8Array[]) => ReadableStream.from(chunks);

const storage = suite("files storage");

storage("put() streams to disk, counts and hashes; open() gives the bytes back", async () => {
  const dir = await Deno.makeTempDir();
  const blobs = diskBlobStore(dir);
  const a = new TextEncoder().encode("bonjour ");
  const b = new TextEncoder().encode("Guichet");
  const put = await blobs.put(stream(a, b), 100);
  assert.is(put.size, 15);
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode("bonjour Guichet"));
  const expected = Array.from(new Uint8Array(digest), (x) => x.toString(16).padStart(2, "0"));
  assert.is(put.sha256, expected.join(""));
  assert.is(
    new TextDecoder().decode(await new Response(await blobs.open(put.key)).arrayBuffer()),
    "bonjour Guichet",
  );
  await Deno.remove(dir, { recursive: true });
});

storage("put() stops past the limit and leaves no file behind", async () => {
  const dir = await Deno.makeTempDir();
  const blobs = diskBlobStore(dir);
  try {
    await blobs.put(stream(new Uint8Array(60), new Uint8Array(60)), 100);
    assert.unreachable("should have thrown");
  } catch (error) {
    assert.instance(error, TooLarge);
  }
  const left: string[] = [];
  for await (const e of Deno.readDir(dir)) left.push(e.name);
  const files = await Array.fromAsync(walk(dir));
  assert.equal(files, [], `left: ${left}`);
  await Deno.remove(dir, { recursive: true });
});

async function* walk(dir: string): AsyncGenerator<string> {
  for await (const e of Deno.readDir(dir)) {
    if (e.isDirectory) yield* walk(`${dir}/${e.name}`);
    else yield e.name;
  }
}

storage("acceptFormat() trusts the content, not the name or declared type", () => {
  assert.equal(acceptFormat("application/pdf", "image/png", new Uint8Array()), {
    mime: "application/pdf",
  });
  assert.ok("refused" in acceptFormat("application/x-elf", "application/pdf", new Uint8Array()));
  assert.equal(
    acceptFormat(undefined, "text/plain; charset=utf-8", new TextEncoder().encode("é")),
    { mime: "text/plain" },
  );
  assert.ok(
    "refused" in acceptFormat(undefined, "application/pdf", new TextEncoder().encode("%PDX")),
  );
});

storage("cleanFilename() keeps the name, drops paths and control characters", () => {
  assert.is(cleanFilename("../../etc/passwd"), "passwd");
  assert.is(cleanFilename('C:\\Users\\moi\\carte "grise".pdf'), "carte grise.pdf");
  assert.is(cleanFilename("\u0000\u0007"), "fichier");
});

storage.run();
