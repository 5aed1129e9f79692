/**
 * The signed-in account as the whole app sees it: loaded once from `auth.session`, reloaded
 * after signing in or out. `undefined` while loading, `null` when signed out.
 */
import { isLocalPath } from "../core/shared/paths.ts";
import { createContext, createSignal, type JSX, useContext } from "solid-js";
import { api } from "./api.ts";

export type Account = NonNullable<Awaited<ReturnType<typeof api.auth.session.query>>>;
export type Role = Account["roles"][number];

export interface SessionState {
  account(): Account | null | undefined;
  hasRole(role: Role): boolean;
  refresh(): Promise<Account | null>;
  /** Signs out; the provider's logout address when the session came from one (FranceConnect…). */
  signOut(): Promise<string | null>;
}

const SessionContext = createContext<SessionState>();

export function SessionProvider(props: { children: JSX.Element }) {
  const [account, setAccount] = createSignal<Account | null | undefined>(undefined);
  const refresh = async () => {
    const next = await api.auth.session.query().catch(() => null);
    setAccount(next);
    return next;
  };
  void refresh();
  const state: SessionState = {
    account,
    hasRole: (role) => account()?.roles.includes(role) ?? false,
    refresh,
    async signOut() {
      const result = await api.auth.signOut.mutate().catch(() => null);
      setAccount(null);
      return result?.logoutUrl ?? null;
    },
  };
  return <SessionContext.Provider value={state}>{props.children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error("useSession() needs a SessionProvider");
  return state;
}

/**
 * Where an account lands by default after signing in: its working space. An expert's avis
 * have no page of their own yet, so they land on their dossiers.
 */
export function homeOf(account: Account | null): string {
  const roles = account?.roles ?? [];
  if (roles.includes("administrateur")) return "/admin";
  if (roles.includes("instructeur")) return "/instruction";
  if (roles.includes("expert")) return "/avis";
  return "/compte";
}

const RETURN_KEY = "guichet:retour";

/**
 * Keeps a sign-up's `?retour=` on this browser: the confirmation e-mail carries no path,
 * so opening it here (in any tab) still goes back where the person was headed.
 */
export function rememberReturn(path: string | null): void {
  try {
    if (path) localStorage.setItem(RETURN_KEY, path);
    else localStorage.removeItem(RETURN_KEY);
  } catch {
    // Storage disabled: the confirmation lands on the default page.
  }
}

/** The remembered `?retour=` of a sign-up, once: it is forgotten as it is read. */
export function takeReturn(): string | null {
  try {
    const path = safeReturn(localStorage.getItem(RETURN_KEY));
    localStorage.removeItem(RETURN_KEY);
    return path;
  } catch {
    return null;
  }
}

const PROOF_KEY = "guichet:inscription";

/**
 * The random value this browser sends with its sign-up and again with the confirmation link,
 * so that opening the link here confirms at once (elsewhere, the password is asked).
 */
export function signUpProof(): string | undefined {
  try {
    const bytes = crypto.getRandomValues(new Uint8Array(24));
    const proof = btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_")
      .replace(/=+$/, "");
    localStorage.setItem(PROOF_KEY, proof);
    return proof;
  } catch {
    return undefined; // Storage disabled: the password will be asked at confirmation.
  }
}

/** This browser's sign-up proof, if it signed up. */
export function keptSignUpProof(): string | undefined {
  try {
    return localStorage.getItem(PROOF_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

/** `page?retour=…` when `retour` is a path of this site, else `page`: a link that keeps it. */
export function withReturn(page: string, retour: string | undefined | null): string {
  const path = safeReturn(retour);
  return path ? `${page}?retour=${encodeURIComponent(path)}` : page;
}

/** A `?retour=` path, kept only if it stays on this site. */
export function safeReturn(path: string | undefined | null): string | null {
  return path && isLocalPath(path) ? path : null;
}
