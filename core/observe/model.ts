/**
 * What an operator sees of a running instance, as pure values: the HTTP requests counted by
 * route and status with their latency histograms, the Prometheus text exposition format
 * (version 0.0.4) they are read in, and the rules of a request id.
 */

/** Upper bounds of the latency histogram's buckets, in seconds (Prometheus' usual ones). */
export const LATENCY_BUCKETS_S = [
  0.005,
  0.01,
  0.025,
  0.05,
  0.1,
  0.25,
  0.5,
  1,
  2.5,
  5,
  10,
] as const;

/** The route of a tRPC procedure the router does not have: one label for all of them. */
export const UNKNOWN_PROCEDURE = "/trpc/(inconnue)";

interface Series {
  readonly route: string;
  readonly method: string;
  /** Requests by status code. */
  readonly statuses: Map<number, number>;
  /** Requests per bucket (not cumulative), the last one above every bound. */
  readonly buckets: number[];
  count: number;
  sum: number;
}

/** The requests counted since the start: by route pattern and method, then by status. */
export interface HttpMetrics {
  /** Counts one request to `route` (a pattern, never a raw path) answered `status`. */
  observe(route: string, method: string, status: number, seconds: number): void;
  /** The series in the exposition format. */
  render(): string;
}

/**
 * A new, empty set of HTTP counters. A route's series is found in one map lookup and a
 * request costs a few additions, so counting stays negligible beside the request itself.
 */
export function createHttpMetrics(): HttpMetrics {
  // By route, then by method: no key string is built per request.
  const byRoute = new Map<string, Map<string, Series>>();
  return {
    observe(route, method, status, seconds) {
      let methods = byRoute.get(route);
      if (!methods) byRoute.set(route, methods = new Map());
      let s = methods.get(method);
      if (!s) {
        s = {
          route,
          method,
          statuses: new Map(),
          buckets: new Array(LATENCY_BUCKETS_S.length + 1).fill(0),
          count: 0,
          sum: 0,
        };
        methods.set(method, s);
      }
      s.statuses.set(status, (s.statuses.get(status) ?? 0) + 1);
      let i = 0;
      while (i < LATENCY_BUCKETS_S.length && seconds > LATENCY_BUCKETS_S[i]) i++;
      s.buckets[i]++;
      s.count++;
      s.sum += seconds;
    },
    render() {
      const all = [...byRoute.values()].flatMap((m) => [...m.values()]).sort((a, b) =>
        a.route < b.route ? -1 : a.route > b.route ? 1 : a.method < b.method ? -1 : 1
      );
      const out = [
        "# HELP guichet_http_requests_total Requêtes HTTP traitées, par route (modèle d’adresse ou procédure tRPC ; un lot tRPC compte pour chacune de ses procédures), méthode et statut.",
        "# TYPE guichet_http_requests_total counter",
      ];
      for (const s of all) {
        const statuses = [...s.statuses].sort(([a], [b]) => a - b);
        for (const [status, n] of statuses) {
          out.push(
            `guichet_http_requests_total${
              labels({ route: s.route, method: s.method, status: String(status) })
            } ${n}`,
          );
        }
      }
      out.push(
        "# HELP guichet_http_request_duration_seconds Durée des requêtes HTTP, par route et méthode.",
        "# TYPE guichet_http_request_duration_seconds histogram",
      );
      for (const s of all) {
        let cumulative = 0;
        LATENCY_BUCKETS_S.forEach((bound, i) => {
          cumulative += s.buckets[i];
          out.push(
            `guichet_http_request_duration_seconds_bucket${
              labels({ route: s.route, method: s.method, le: String(bound) })
            } ${cumulative}`,
          );
        });
        const base = { route: s.route, method: s.method };
        out.push(
          `guichet_http_request_duration_seconds_bucket${
            labels({ ...base, le: "+Inf" })
          } ${s.count}`,
          `guichet_http_request_duration_seconds_sum${labels(base)} ${s.sum}`,
          `guichet_http_request_duration_seconds_count${labels(base)} ${s.count}`,
        );
      }
      return out.join("\n") + "\n";
    },
  };
}

/** One gauge: its name, help, and a value per set of labels. */
export interface Gauge {
  readonly name: string;
  readonly help: string;
  readonly values: readonly { readonly labels: Record<string, string>; readonly value: number }[];
}

/** Gauges in the exposition format. */
export function renderGauges(gauges: readonly Gauge[]): string {
  const out: string[] = [];
  for (const g of gauges) {
    out.push(`# HELP ${g.name} ${g.help}`, `# TYPE ${g.name} gauge`);
    for (const v of g.values) out.push(`${g.name}${labels(v.labels)} ${v.value}`);
  }
  return out.join("\n") + "\n";
}

/** `{a="1",b="2"}`, values escaped as the format says (backslash, quote, newline). */
function labels(values: Record<string, string>): string {
  const parts = Object.entries(values).map(([k, v]) =>
    `${k}="${v.replaceAll("\\", "\\\\").replaceAll('"', '\\"').replaceAll("\n", "\\n")}"`
  );
  return parts.length ? `{${parts.join(",")}}` : "";
}

/**
 * The routes of a `/trpc/…` path: one per procedure of the call (several in a batch), each
 * `/trpc/<procedure>` when the router has it, else `UNKNOWN_PROCEDURE` — never a name a
 * client made up, so the series stay few.
 */
export function trpcRoutes(path: string, procedures: ReadonlySet<string>): string[] {
  return path.slice("/trpc/".length).split(",").map((name) =>
    procedures.has(name) ? `/trpc/${name}` : UNKNOWN_PROCEDURE
  );
}

/**
 * Whether a request id received from a trusted proxy may be kept: 1 to 128 characters among
 * letters, digits and `-_.:@+=/` (a UUID, nginx's `$request_id`, a trace id), nothing that
 * could break a log line.
 */
export function saneRequestId(value: string | null): value is string {
  return value !== null && /^[A-Za-z0-9\-_.:@+=/]{1,128}$/.test(value);
}
