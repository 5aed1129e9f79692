/**
 * The load generator: Debian's `wrk`, installed on first use when running as root, run for
 * one short round and read back as numbers.
 */

export interface WrkResult {
  readonly rps: number;
  readonly requests: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** From wrk's Lua `done` hook: its `--latency` report has no 95th percentile. */
  readonly p95Ms: number;
  /** Non-2xx answers plus socket errors: a round with any is not a fair measure. */
  readonly errors: number;
}

async function runs(cmd: string, args: string[]): Promise<boolean> {
  try {
    await new Deno.Command(cmd, { args, stdout: "null", stderr: "null" }).output();
    return true;
  } catch {
    return false;
  }
}

/** Makes sure `wrk` is on the PATH; returns why not when it cannot be. */
export async function ensureWrk(): Promise<string | null> {
  if (await runs("wrk", ["-v"])) return null;
  if (Deno.uid() !== 0) {
    return "wrk is not installed: run `sudo apt-get install -y wrk`, then `deno task bench` again";
  }
  console.log("Installing wrk from Debian (apt-get install -y wrk)…");
  const install = () =>
    new Deno.Command("apt-get", { args: ["install", "-y", "wrk"], stdout: "null" }).output();
  if (!(await install()).success) {
    await new Deno.Command("apt-get", { args: ["update"], stdout: "null" }).output();
    await install();
  }
  return (await runs("wrk", ["-v"])) ? null : "wrk could not be installed with apt-get";
}

/** Whether `taskset` can pin processes (util-linux, present on Debian). */
export function canPin(): Promise<boolean> {
  return runs("taskset", ["-c", "0", "true"]);
}

const UNIT_MS: Record<string, number> = { us: 0.001, ms: 1, s: 1000 };

function latencyAt(out: string, percent: number): number {
  const m = new RegExp(`^\\s*${percent}%\\s+([\\d.]+)(us|ms|s)\\s*$`, "m").exec(out);
  return m ? Number(m[1]) * UNIT_MS[m[2]] : NaN;
}

/** Parses wrk's report (run with `--latency`). */
export function parseWrk(out: string): WrkResult {
  const rps = /^Requests\/sec:\s+([\d.]+)/m.exec(out);
  const requests = /^\s*(\d+) requests in/m.exec(out);
  if (!rps || !requests) throw new Error(`Unexpected wrk output: "${out.slice(0, 200)}"`);
  const non2xx = /Non-2xx or 3xx responses:\s+(\d+)/.exec(out);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  const errors = Number(non2xx?.[1] ?? 0) +
    (socket ? socket.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0);
  return {
    rps: Number(rps[1]),
    requests: Number(requests[1]),
    p50Ms: latencyAt(out, 50),
    p99Ms: latencyAt(out, 99),
    p95Ms: Number(/^P95_US (\d+)$/m.exec(out)?.[1] ?? NaN) / 1000,
    errors,
  };
}

const P95_SCRIPT = `done = function(summary, latency, requests)
  io.write(string.format("P95_US %d\\n", latency:percentile(95)))
end
`;
const scripts = new Map<string, string>();

/** Lua quoting of an ASCII string (wrk's LuaJIT reads JSON's escapes of it alike). */
function lua(s: string): string {
  if (!/^[\x20-\x7e]*$/.test(s)) throw new Error(`Not printable ASCII: "${s}"`);
  return JSON.stringify(s);
}

/**
 * A POST whose body is `prefix`, a value unique to the request (thread number, then a
 * counter), `suffix`: a save that writes the same value every time would change nothing.
 */
function postScript(post: { prefix: string; suffix: string }): string {
  return `wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
local n = 0
request = function()
  n = n + 1
  return wrk.format(nil, nil, nil, ${lua(post.prefix)} .. tid .. "-" .. n .. ${lua(post.suffix)})
end
${P95_SCRIPT}`;
}

async function scriptFile(text: string): Promise<string> {
  let file = scripts.get(text);
  if (!file) {
    file = await Deno.makeTempFile({ suffix: ".lua" });
    await Deno.writeTextFile(file, text);
    scripts.set(text, file);
  }
  return file;
}

/**
 * One round of `wrk` against `url`; `cpu` pins it to that core when given; with `post`, each
 * request is a POST of a JSON body of its own (see `postScript`).
 */
export async function wrk(
  url: string,
  opts: {
    cookie: string;
    connections: number;
    seconds: number;
    cpu?: number;
    post?: { prefix: string; suffix: string };
    /** More request headers (`Name: value`), e.g. a browser's `Accept-Encoding`. */
    headers?: readonly string[];
  },
): Promise<WrkResult> {
  const threads = Math.min(opts.connections, 2);
  const args = [
    "-s",
    await scriptFile(opts.post ? postScript(opts.post) : P95_SCRIPT),
    `-c${opts.connections}`,
    `-t${threads}`,
    `-d${opts.seconds}s`,
    "--latency",
    "-H",
    `Cookie: ${opts.cookie}`,
    ...(opts.headers ?? []).flatMap((h) => ["-H", h]),
    url,
  ];
  const [cmd, argv] = opts.cpu === undefined
    ? ["wrk", args]
    : ["taskset", ["-c", String(opts.cpu), "wrk", ...args]];
  const out = await new Deno.Command(cmd, { args: argv, stdout: "piped", stderr: "piped" })
    .output();
  const text = new TextDecoder().decode(out.stdout);
  if (!out.success) {
    throw new Error(`wrk failed: "${new TextDecoder().decode(out.stderr).trim()}"`);
  }
  return parseWrk(text);
}
