/**
 * Saving a brouillon as the person types: changes wait about 800 ms, then go to
 * `usager.save` in one call. Until the server has them they stay in memory and in
 * `localStorage`, so a closed tab, a dropped connection or a reload loses no typed value;
 * a failed save is retried, sooner when the browser says it is back online.
 *
 * Others may edit the same dossier (invités, another tab): each champ is sent with the
 * revision its value was based on (from the read, then from each save), and a champ someone
 * changed meanwhile comes back as a conflict instead of being written over. It waits, shown
 * next to the champ, until the person keeps the other value or puts their own back.
 */
import { createSignal, onCleanup } from "solid-js";
import { TRPCClientError } from "@trpc/client";
import { api, problemOf } from "../../api.ts";
import type { Conflict } from "../../../core/shared/revisions.ts";

type Values = Record<string, unknown>;

export type SaveStatus =
  | { readonly kind: "idle" }
  | { readonly kind: "saving" }
  | { readonly kind: "saved"; readonly at: Date }
  | { readonly kind: "offline" }
  | { readonly kind: "error"; readonly message: string };

/** A champ someone else changed while this person edited it, with what they typed. */
export interface ShownConflict extends Conflict {
  readonly mine: unknown;
}

export interface Autosave {
  readonly status: () => SaveStatus;
  /** Errors of the typed values, from the last save, by champ key. */
  readonly errors: () => Readonly<Record<string, string>>;
  /** Champs not saved because someone else changed them meanwhile, by key. */
  readonly conflicts: () => Readonly<Record<string, ShownConflict>>;
  /** « Garder sa valeur »: the other value is taken as is; returns it (nothing to save). */
  keepTheirs(key: string): unknown;
  /** « Remettre la mienne »: `value` is saved over theirs, knowingly. */
  putMineBack(key: string, value: unknown): void;
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

type Bases = Record<string, number>;

const isRecord = (x: unknown): x is Record<string, unknown> =>
  !!x && typeof x === "object" && !Array.isArray(x);

/** What is kept between visits: values not saved yet, and the revisions they were based on. */
function readStored(id: number): { values: Values; bases: Bases } {
  try {
    const raw = localStorage.getItem(storageKey(id));
    const parsed: unknown = raw ? JSON.parse(raw) : null;
    if (!isRecord(parsed)) return { values: {}, bases: {} };
    // Before revisions, the values alone were kept: they go without a base.
    if (parsed.v !== 2) return { values: parsed, bases: {} };
    const bases = isRecord(parsed.bases) ? parsed.bases : {};
    return {
      values: isRecord(parsed.values) ? parsed.values : {},
      bases: Object.fromEntries(
        Object.entries(bases).filter((e): e is [string, number] => typeof e[1] === "number"),
      ),
    };
  } catch {
    return { values: {}, bases: {} };
  }
}

function writeStored(id: number, pending: Values, bases: Bases) {
  try {
    if (Object.keys(pending).length === 0) localStorage.removeItem(storageKey(id));
    else {
      const kept = Object.fromEntries(
        Object.keys(pending).filter((k) => k in bases).map((k) => [k, bases[k]]),
      );
      localStorage.setItem(storageKey(id), JSON.stringify({ v: 2, values: pending, bases: kept }));
    }
  } catch {
    // Storage full or disabled: the values stay in memory and are retried.
  }
}

export function createAutosave(
  id: number,
  opts: {
    /** Per champ, the revision of the value read (`usager.dossier`'s `revisions`). */
    readonly revisions?: Readonly<Bases>;
    readonly initialErrors?: Readonly<Record<string, string>>;
  } = {},
): Autosave {
  const stored = readStored(id);
  const restored = stored.values;
  const pending: Values = { ...restored };
  // Per champ, the revision the value on screen is based on; values typed on an earlier
  // visit keep the revision they were typed on.
  const bases: Bases = { ...opts.revisions, ...stored.bases };
  const [status, setStatus] = createSignal<SaveStatus>({ kind: "idle" });
  const [errors, setErrors] = createSignal<Readonly<Record<string, string>>>(
    opts.initialErrors ?? {},
  );
  const [conflicts, setConflicts] = createSignal<Readonly<Record<string, ShownConflict>>>({});
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<boolean> | null = null;
  const store = () => writeStored(id, pending, bases);
  const settle = (key: string, revision: number) => {
    bases[key] = revision;
    const { [key]: _, ...rest } = conflicts();
    setConflicts(rest);
  };

  const schedule = (ms: number) => {
    clearTimeout(timer);
    timer = setTimeout(() => void flush(), ms);
  };

  async function once(): Promise<boolean> {
    const sent = { ...pending };
    if (Object.keys(sent).length === 0) return true;
    setStatus({ kind: "saving" });
    try {
      const result = await api.usager.save.mutate({
        id,
        values: sent,
        bases: Object.fromEntries(Object.keys(sent).map((k) => [k, bases[k] ?? 0])),
      });
      // Only what did not change meanwhile is settled; newer typing goes in the next call.
      for (const [key, value] of Object.entries(sent)) {
        if (pending[key] === value) delete pending[key];
      }
      const conflicted = new Map(result.conflicts.map((c) => [c.champ, c]));
      for (const [key, revision] of Object.entries(result.revisions)) {
        // A conflict keeps its old base until the person chooses.
        if (!conflicted.has(key)) bases[key] = revision;
      }
      if (conflicted.size > 0) {
        const next = { ...conflicts() };
        for (const c of conflicted.values()) {
          next[c.champ] = { ...c, value: c.value ?? null, mine: sent[c.champ] };
        }
        setConflicts(next);
      }
      for (const key of Object.keys(sent)) {
        if (!conflicted.has(key) && key in conflicts()) settle(key, bases[key]);
      }
      store();
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
    conflicts,
    restored,
    change(key, value) {
      pending[key] = value;
      store();
      schedule(DELAY_MS);
    },
    keepTheirs(key) {
      const conflict = conflicts()[key];
      if (!conflict) return undefined;
      delete pending[key];
      settle(key, conflict.revision);
      store();
      return conflict.value;
    },
    putMineBack(key, value) {
      const conflict = conflicts()[key];
      if (conflict) settle(key, conflict.revision);
      pending[key] = value;
      store();
      void flush();
    },
    flush,
  };
}
