/**
 * Structured logs (`LOG_FORMAT=json`): every line the process writes through `console` becomes
 * one JSON object — `time`, `level`, `msg`, the `requestId` of the request being served if
 * any, the fields of a request line, and for an error its `stack` — so a log shipper reads
 * each line whole, including the lines of libraries. The default text format is untouched.
 */
import { AsyncLocalStorage } from "node:async_hooks";

/** The id of the request being served, for the lines written while it is (JSON logs only). */
export const requestContext: AsyncLocalStorage<string> = new AsyncLocalStorage<string>();

type Level = "info" | "warn" | "error";

/** One log line as JSON: `message` and `error` parts joined, `fields` added. */
export function jsonLine(
  level: Level,
  args: readonly unknown[],
  opts: { time: Date; requestId?: string; fields?: Record<string, unknown> },
): string {
  const parts: string[] = [];
  let stack: string | undefined;
  for (const arg of args) {
    if (arg instanceof Error) {
      parts.push(arg.message);
      stack ??= arg.stack;
    } else {
      parts.push(typeof arg === "string" ? arg : Deno.inspect(arg, { colors: false, depth: 4 }));
    }
  }
  return JSON.stringify({
    time: opts.time.toISOString(),
    level,
    msg: parts.join(" "),
    ...(opts.requestId ? { requestId: opts.requestId } : {}),
    ...opts.fields,
    ...(stack ? { stack } : {}),
  });
}

/** Where JSON lines go: stdout for `info`, stderr for the rest (default: the console's own). */
export interface LogSinks {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

let sinks: LogSinks = {
  out: console.log.bind(console),
  err: console.error.bind(console),
};

/** Writes one JSON line of `level` (what the request middleware logs). */
export function writeJson(level: Level, line: string): void {
  (level === "info" ? sinks.out : sinks.err)(line);
}

/**
 * Makes `console.log/info/debug` (level `info`, to stdout) and `console.warn/error` (`warn`,
 * `error`, to stderr) write JSON lines; returns what puts the console back. Called once by
 * the process (`core/main.ts`) when `LOG_FORMAT=json`, never by the app itself.
 */
export function installJsonConsole(to?: LogSinks): () => void {
  const saved = { ...console };
  const before = sinks;
  sinks = to ?? { out: console.log.bind(console), err: console.error.bind(console) };
  const write = (level: Level) => (...args: unknown[]) =>
    writeJson(
      level,
      jsonLine(level, args, { time: new Date(), requestId: requestContext.getStore() }),
    );
  console.log = console.info = console.debug = write("info");
  console.warn = write("warn");
  console.error = write("error");
  return () => {
    Object.assign(console, saved);
    sinks = before;
  };
}
