/**
 * A real `clamd` (Debian's `clamav-daemon`) for tests, started with a temporary
 * configuration: its Unix socket and database in a temp folder, the database one file the
 * test writes — the EICAR test file's MD5 signature — so nothing is ever downloaded
 * (freshclam never runs). Missing `clamd` fails loudly: CI installs it (`.ci/run`).
 */
import { createHash } from "node:crypto";

/** The EICAR test file (68 bytes): every antivirus detects it; it is harmless. */
export const EICAR = new TextEncoder().encode(
  "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*",
);

/** The signature database: MD5 of the EICAR file, its size, and the name clamd reports. */
const EICAR_HDB = "44d88612fea8a8f36de82e1278abb02f:68:Eicar-Test-Signature\n";

export interface Clamd {
  /** The socket path, for `CLAMD_SOCKET`. */
  readonly socket: string;
  /** Stops clamd (the socket goes away: scans wait). */
  stop(): Promise<void>;
  /** Starts it again on the same socket, with the same database. */
  start(): Promise<void>;
  /** Stops it and removes its folder. */
  close(): Promise<void>;
}

const CLAMD = "/usr/sbin/clamd";

/** What else the test's clamd detects: these exact bytes, reported as `name`. */
export interface ExtraSignature {
  readonly bytes: Uint8Array;
  readonly name: string;
}

/**
 * Starts clamd; `streamMaxBytes` is its `StreamMaxLength` (default 1 MiB); `signatures`, files
 * it finds infected besides EICAR (an image, say, where only an image is accepted).
 */
export async function startClamd(
  opts: { streamMaxBytes?: number; signatures?: readonly ExtraSignature[] } = {},
): Promise<Clamd> {
  try {
    await Deno.stat(CLAMD);
  } catch {
    throw new Error(
      `${CLAMD} is missing: install Debian's clamav-daemon (apt-get install -y --no-install-recommends clamav-daemon), as .ci/run does`,
    );
  }
  const dir = await Deno.makeTempDir({ prefix: "guichet-clamd-" });
  await Deno.mkdir(`${dir}/db`);
  const extra = (opts.signatures ?? []).map((s) =>
    `${createHash("md5").update(s.bytes).digest("hex")}:${s.bytes.byteLength}:${s.name}\n`
  );
  await Deno.writeTextFile(`${dir}/db/eicar.hdb`, EICAR_HDB + extra.join(""));
  const socket = `${dir}/clamd.sock`;
  const user = Deno.uid() === 0 ? "User root\n" : "";
  await Deno.writeTextFile(
    `${dir}/clamd.conf`,
    `LocalSocket ${socket}
Foreground yes
DatabaseDirectory ${dir}/db
TemporaryDirectory ${dir}
LogFile ${dir}/clamd.log
PidFile ${dir}/clamd.pid
StreamMaxLength ${opts.streamMaxBytes ?? 1024 * 1024}
SelfCheck 0
${user}`,
  );
  let child: Deno.ChildProcess | undefined;
  const start = async () => {
    child = new Deno.Command(CLAMD, {
      args: ["-c", `${dir}/clamd.conf`],
      stdout: "null",
      stderr: "piped",
    }).spawn();
    const exited = child.status.then(() => true);
    for (const started = Date.now(); Date.now() - started < 30_000;) {
      if (await Promise.race([exited, new Promise((r) => setTimeout(() => r(false), 100))])) {
        const err = new TextDecoder().decode((await child.output()).stderr);
        const log = await Deno.readTextFile(`${dir}/clamd.log`).catch(() => "");
        throw new Error(`clamd stopped at start:\n${err}\n${log}`);
      }
      try {
        (await Deno.connect({ transport: "unix", path: socket })).close();
        return;
      } catch {
        // not listening yet
      }
    }
    throw new Error("clamd did not listen within 30 s");
  };
  const stop = async () => {
    if (!child) return;
    try {
      child.kill("SIGTERM");
    } catch {
      // already gone
    }
    await child.stderr.cancel().catch(() => {});
    await child.status;
    child = undefined;
    await Deno.remove(socket).catch(() => {});
  };
  await start();
  return {
    socket,
    start,
    stop,
    async close() {
      await stop();
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    },
  };
}
