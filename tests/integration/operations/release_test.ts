/**
 * `deno task release`: the archive, unpacked elsewhere and started with `deno task start` by
 * a Deno with an empty cache (`DENO_DIR`) and no reachable registry, serves `/healthz` and
 * the UI, and never tries to download anything. Slow (the archive holds ~170 Mo of npm
 * packages): about 30 s.
 */
import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import { buildRelease, readmeExcerpt } from "../../../core/operations/release.ts";
import { GUICHET_VERSION } from "../../../core/operations/manifest.ts";

interface Ctx {
  work: string;
  archive: string;
}

const release = suite<Ctx>("archive d’installation sans internet");
release.before(async (ctx) => {
  ctx.work = await Deno.makeTempDir({ prefix: "guichet-release-test-" });
});
release.after(async (ctx) => {
  await Deno.remove(ctx.work, { recursive: true }).catch(() => {});
});

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

/** Reads a stream to the end into `sink`. */
async function collect(stream: ReadableStream<Uint8Array>, sink: string[]) {
  const decoder = new TextDecoder();
  for await (const chunk of stream) sink.push(decoder.decode(chunk, { stream: true }));
}

release("unpacked elsewhere, it starts offline with an empty Deno cache", async (ctx) => {
  ctx.archive = await buildRelease(`${ctx.work}/sortie`);
  assert.is(ctx.archive, `${ctx.work}/sortie/guichet-${GUICHET_VERSION}.tar.gz`);
  const unpacked = `${ctx.work}/serveur`;
  await Deno.mkdir(unpacked);
  const tar = await new Deno.Command("tar", { args: ["-xzf", ctx.archive, "-C", unpacked] })
    .output();
  assert.ok(tar.success, "tar -xzf");
  const app = `${unpacked}/guichet-${GUICHET_VERSION}`;
  const readme = await Deno.readTextFile(`${app}/README.md`);
  assert.match(readme, /## Installer sans internet/);
  assert.match(readme, /## Sauvegarder et restaurer/);
  for (const left of ["tests", "ui/main.tsx", "node_modules/vite", "node_modules/uvu"]) {
    assert.throws(() => Deno.statSync(`${app}/${left}`), undefined, `${left} left out`);
  }

  const denoDir = `${ctx.work}/deno-vide`;
  await Deno.mkdir(denoDir);
  const port = freePort();
  const child = new Deno.Command(Deno.execPath(), {
    args: ["task", "start"],
    cwd: app,
    env: {
      DENO_DIR: denoDir,
      NPM_CONFIG_REGISTRY: "http://127.0.0.1:9",
      DENO_NO_UPDATE_CHECK: "1",
      DATA_DIR: `${ctx.work}/donnees`,
      PORT: String(port),
      HOSTNAME: "127.0.0.1",
    },
    stdout: "piped",
    stderr: "piped",
    detached: true, // its own process group, ended whole below
  }).spawn();
  const output: string[] = [];
  const reading = Promise.all([collect(child.stdout, output), collect(child.stderr, output)]);
  const base = `http://127.0.0.1:${port}`;
  let ended = false;
  const status = child.status.then((s) => {
    ended = true;
    return s;
  });
  try {
    let health: Response | undefined;
    for (let i = 0; i < 240 && !health && !ended; i++) {
      try {
        health = await fetch(`${base}/healthz`);
      } catch {
        await new Promise((r) => setTimeout(r, 250));
      }
    }
    assert.ok(health, `no answer on ${base}/healthz:\n${output.join("")}`);
    assert.is(health!.status, 200);
    assert.equal(await health!.json(), { status: "ok" });
    const page = await fetch(`${base}/`);
    assert.is(page.status, 200);
    const html = await page.text();
    assert.match(html, /<title>Guichet<\/title>/);
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html);
    assert.ok(script, "the page loads its script");
    const js = await fetch(`${base}${script![1]}`);
    assert.is(js.status, 200);
    await js.body?.cancel();
  } finally {
    try {
      Deno.kill(-child.pid, "SIGTERM");
    } catch {
      // already ended (its output says why)
    }
    await status;
    await reading;
  }
  const text = output.join("");
  assert.match(text, /Guichet est prêt/);
  assert.not.match(text, /Download/, `something was fetched:\n${text}`);
});

release("the README excerpt holds the operators' sections", () => {
  const excerpt = readmeExcerpt(
    "# Guichet\n\nIntro\n\n## Configuration\n\nvars\n\n## Autre\n\nnon\n\n## Installer sans internet\n\nétapes\n",
  );
  assert.match(excerpt, /## Installer sans internet\n\nétapes/);
  assert.match(excerpt, /## Configuration\n\nvars/);
  assert.not.match(excerpt, /## Autre/);
});

release.run();
