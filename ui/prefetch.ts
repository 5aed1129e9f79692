/**
 * Queries sent ahead of the page that reads them, so a page's data travels in the same round
 * trip as the session instead of after it (and after its space's chunk). A route's `preload`
 * (`ui/routes.ts`) calls `api.<query>.query(input, PREFETCH)` as the router matches it, in
 * the same tick as the session's `auth.session`: tRPC's batch link sends them in one request.
 * When the page then asks the same query with the same input, `prefetchLink` hands it the
 * answer already on its way instead of sending it again — once, and only within `FRESH_MS`; a
 * later call (a reload, a refetch) asks the server. Any mutation forgets what was kept.
 */
import type { TRPCLink } from "@trpc/client";
import { observable } from "@trpc/server/observable";
import type { AppRouter } from "../core/api/router.ts";

/** How long a prefetched answer may stand in for a fresh one. */
const FRESH_MS = 10_000;

/** Options of a query that is a prefetch: `api.x.query(input, PREFETCH)`. */
export const PREFETCH = { context: { prefetch: true } } as const;

/** A JSON text of `value` whose object keys are sorted, `undefined` left out as JSON does. */
function stable(value: unknown): string {
  if (value === undefined) return "";
  return JSON.stringify(
    value,
    (_key, v) =>
      v && typeof v === "object" && !Array.isArray(v)
        ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]]))
        : v,
  );
}

interface Kept {
  readonly at: number;
  readonly envelope: Promise<unknown>;
}

const kept = new Map<string, Kept>();

/** What `prefetch` calls sent, kept for the page's own call. */
export const prefetchLink: TRPCLink<AppRouter> = () => ({ op, next }) =>
  observable((observer) => {
    if (op.type === "mutation") kept.clear();
    const key = op.type === "query" ? `${op.path} ${stable(op.input)}` : null;
    const isPrefetch = op.context.prefetch === true;
    if (key && !isPrefetch) {
      const hit = kept.get(key);
      kept.delete(key);
      if (hit && performance.now() - hit.at < FRESH_MS) {
        hit.envelope.then(
          (envelope) => {
            // deno-lint-ignore no-explicit-any
            observer.next(envelope as any);
            observer.complete();
          },
          (error) => observer.error(error),
        );
        return;
      }
    }
    if (!key || !isPrefetch) {
      const subscription = next(op).subscribe(observer);
      return () => subscription.unsubscribe();
    }
    let settle!: { resolve(value: unknown): void; reject(error: unknown): void };
    const envelope = new Promise<unknown>((resolve, reject) => (settle = { resolve, reject }));
    envelope.catch(() => {}); // A failure is the page's to show, when it asks.
    kept.set(key, { at: performance.now(), envelope });
    const subscription = next(op).subscribe({
      next(value) {
        settle.resolve(value);
        observer.next(value);
      },
      error(error) {
        settle.reject(error);
        observer.error(error);
      },
      complete() {
        observer.complete();
      },
    });
    return () => subscription.unsubscribe();
  });

/** Runs prefetches, ignoring their failures here (the page shows them when it asks). */
export function prefetch(...calls: readonly Promise<unknown>[]): void {
  for (const call of calls) call.catch(() => {});
}
