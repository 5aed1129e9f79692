/**
 * Starts `server.ts` (or `opts.script`) as a child process, pinned to CPU 0 when `taskset` exists, and reads
 * back where it listens.
 */

export interface PostBody {
  readonly prefix: string;
  readonly suffix: string;
}

export interface ServerProcess {
  readonly pid: number;
  /** URLs of the same query through Guichet and through the bare handler. */
  readonly urls: { readonly guichet: string; readonly bare: string };
  /** The `Cookie` header value of the signed-in session. */
  readonly cookie: string;
  /** For a POST benchmark: the body around the value wrk makes unique per request. */
  readonly post?: PostBody;
  stop(): Promise<void>;
}

export async function startServerProcess(
  path: string,
  opts: { cpu?: number; script?: string; args?: string[] },
): Promise<ServerProcess> {
  const args = [
    "run",
    "-A",
    "--unstable-no-legacy-abort",
    new URL(opts.script ?? "./server.ts", import.meta.url).pathname,
    ...(opts.args ?? []),
  ];
  const child = new Deno.Command(opts.cpu === undefined ? Deno.execPath() : "taskset", {
    args: opts.cpu === undefined ? args : ["-c", String(opts.cpu), Deno.execPath(), ...args],
    stdin: "piped",
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const stop = async () => {
    await child.stdin.close();
    await child.status;
  };
  const line = await child.stdout.pipeThrough(new TextDecoderStream()).getReader().read();
  if (!line.value) {
    await stop();
    throw new Error("The bench server did not start");
  }
  const ports = JSON.parse(line.value) as {
    app: number;
    bare: number;
    token: string;
    post?: PostBody;
  };
  return {
    pid: child.pid,
    urls: {
      guichet: `http://127.0.0.1:${ports.app}${path}`,
      bare: `http://127.0.0.1:${ports.bare}${path}`,
    },
    cookie: `guichet_session=${ports.token}`,
    post: ports.post,
    stop,
  };
}
