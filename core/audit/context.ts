/**
 * The client address of the request being served, for the events recorded while serving it.
 * The HTTP layer opens the scope once per request (`withClientIp`); the services deep below
 * record their events without every signature carrying the address. Outside a request (jobs,
 * the daily passes) there is none.
 */
import { AsyncLocalStorage } from "node:async_hooks";

const scope = new AsyncLocalStorage<string>();

/** Runs `fn` with `ip` as the current request's client address. */
export function withClientIp<T>(ip: string, fn: () => T): T {
  return scope.run(ip, fn);
}

/** The current request's client address, or null outside a request. */
export function currentClientIp(): string | null {
  return scope.getStore() ?? null;
}
