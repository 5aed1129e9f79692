/**
 * Saving a brouillon as the person types: changes wait about 800 ms, then go to
 * `usager.save` in one call. Until the server has them they stay in memory and in
 * `localStorage`, so a closed tab, a dropped connection or a reload loses no typed value;
 * a failed save is retried, sooner when the browser says it is back online.
 */
import { createSignal, onCleanup } from "solid-js";
import { TRPCClientError } from "@trpc/client";
import { api, problemOf } from "../../api.ts";

type Values = Record<string, unknown>;

export type SaveStatus =
  | { readonly kind: "idle" }
  | { readonly kind: "saving" }
  | { readonly kind: "saved"; readonly at: Date }
  | { readonly kind: "offline" }
  | { readonly kind: "error"; readonly message: string };

export interface Autosave {
  readonly status: () => SaveStatus;
  /** Errors of the typed values, from the last save, by champ key. */
  readonly errors: () => Readonly<Record<string, string>>;
  /** Records a changed top-level value and schedules the save. */
  change(key: string, value: unknown): void;
  /** Saves what is pending now; resolves true once the server has everything. */
  flush(): Promise<boolean>;
  /** Values typed earlier on this browser that the server never received. */
  readonly restored: Values;
}

const DELAY_MS = 800;
const RETRY_MS = 4000;

const storageKey = (id: number) => `guichet:brouillon:${id}`;

function readStored(id: number): Values {
  try {
    const raw = localStorage.getItem(storageKey(id));
    const parsed = raw ? JSON.parse(raw) : null;
    return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? parsed : {};
  } catch {
    return {};
  }
}

function writeStored(id: number, pending: Values) {
  try {
    if (Object.keys(pending).length === 0) localStorage.removeItem(storageKey(id));
    else localStorage.setItem(storageKey(id), JSON.stringify(pending));
  } catch {
    // Storage full or disabled: the values stay in memory and are retried.
  }
}

export function createAutosave(
  id: number,
  initialErrors: Readonly<Record<string, string>> = {},
): Autosave {
  const restored = readStored(id);
  const pending: Values = { ...restored };
  const [status, setStatus] = createSignal<SaveStatus>({ kind: "idle" });
  const [errors, setErrors] = createSignal<Readonly<Record<string, string>>>(initialErrors);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<boolean> | null = null;

  const schedule = (ms: number) => {
    clearTimeout(timer);
    timer = setTimeout(() => void flush(), ms);
  };

  async function once(): Promise<boolean> {
    const sent = { ...pending };
    if (Object.keys(sent).length === 0) return true;
    setStatus({ kind: "saving" });
    try {
      const result = await api.usager.save.mutate({ id, values: sent });
      // Only what did not change meanwhile is settled; newer typing goes in the next call.
      for (const [key, value] of Object.entries(sent)) {
        if (pending[key] === value) delete pending[key];
      }
      writeStored(id, pending);
      setErrors(result.errors);
      setStatus({ kind: "saved", at: new Date() });
      return Object.keys(pending).length === 0 ? true : await once();
    } catch (error) {
      if (error instanceof TRPCClientError && error.data?.httpStatus) {
        setStatus({ kind: "error", message: problemOf(error).message });
      } else {
        setStatus({ kind: "offline" });
        schedule(RETRY_MS);
      }
      return false;
    }
  }

  function flush(): Promise<boolean> {
    clearTimeout(timer);
    if (running) return running.then(() => flush());
    running = once().finally(() => (running = null));
    return running;
  }

  const online = () => {
    if (Object.keys(pending).length > 0) void flush();
  };
  globalThis.addEventListener("online", online);
  onCleanup(() => {
    globalThis.removeEventListener("online", online);
    clearTimeout(timer);
    // Leaving the page: what is still pending goes now (it is also in localStorage).
    if (Object.keys(pending).length > 0) void flush();
  });
  if (Object.keys(pending).length > 0) schedule(0);

  return {
    status,
    errors,
    restored,
    change(key, value) {
      pending[key] = value;
      writeStored(id, pending);
      schedule(DELAY_MS);
    },
    flush,
  };
}
