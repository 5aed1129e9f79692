/**
 * A real Guichet instance for tests: a temp SQLite file (or, with `GUICHET_TEST_DB=postgres`,
 * a fresh PostgreSQL database of its own: `postgres.ts`), the real plugins, the real app,
 * and the in-process SMTP listener catching the mail (no SMTP_URL is given).
 */
import { createTRPCClient, httpLink } from "@trpc/client";
import { loadConfig } from "../../core/config.ts";
import { createInstance, type Instance } from "../../core/main.ts";
import type { PluginSource } from "../../core/plugin_host/host.ts";
import type { AppRouter } from "../../core/api/router.ts";
import type { CaughtMail } from "../../core/notifications/catcher.ts";
import type { DatabaseTarget } from "../../core/db/mod.ts";
import { enrolSecondFactor } from "./second_factor.ts";
import { freshDatabase, testOnPostgres } from "./postgres.ts";

export const BASE_URL = "http://localhost:8000";

export interface TestInstance extends Instance {
  readonly dataDir: string;
  /** Its database (a SQLite file in `dataDir`, or its own PostgreSQL database), for a child process. */
  readonly database: DatabaseTarget;
  /** Runs every queued job now (mail delivery…), then returns. */
  flush(): Promise<void>;
  /** The first caught mail to `to` whose subject contains `subject`, after flushing jobs. */
  mail(to: string, subject: string): Promise<CaughtMail>;
  /** A client with its own cookie jar, like one browser (sending `userAgent` if given). */
  agent(opts?: { ip?: string; userAgent?: string }): Agent;
  stop(): Promise<void>;
}

export async function startTestInstance(
  opts: {
    extraPlugins?: PluginSource[];
    clock?: () => Date;
    serveUi?: boolean;
    env?: Record<string, string>;
  } = {},
): Promise<TestInstance> {
  const dataDir = await Deno.makeTempDir({ prefix: "guichet-test-" });
  const database = testOnPostgres() ? await freshDatabase() : undefined;
  const config = loadConfig({
    DATA_DIR: dataDir,
    BASE_URL,
    ...(database ? { DATABASE_URL: database.url, DATABASE_POOL_SIZE: "4" } : {}),
    ...opts.env,
  });
  const instance = await createInstance(config, {
    clock: opts.clock,
    extraPlugins: opts.extraPlugins,
    startWorker: false,
    serveUi: opts.serveUi ?? false,
    log: () => {},
  });
  const flush = async () => {
    await instance.worker.drain();
  };
  return {
    ...instance,
    dataDir,
    database: config.database,
    flush,
    async mail(to, subject) {
      await flush();
      return await instance.catcher!.waitFor((m) =>
        m.to.includes(to) && m.subject.includes(subject)
      );
    },
    agent: (agentOpts) => new Agent(instance, agentOpts?.ip ?? "192.0.2.1", agentOpts?.userAgent),
    async stop() {
      await instance.close();
      await database?.drop();
      await Deno.remove(dataDir, { recursive: true }).catch(() => {});
    },
  };
}

export interface RawResponse {
  status: number;
  // deno-lint-ignore no-explicit-any
  body: any;
}

/** One browser's worth of state: a cookie jar, over the app's own `fetch`. */
export class Agent {
  cookie = "";
  readonly trpc;

  constructor(
    private readonly instance: Instance,
    private readonly ip: string,
    private readonly userAgent?: string,
  ) {
    this.trpc = createTRPCClient<AppRouter>({
      links: [httpLink({ url: `${BASE_URL}/trpc`, fetch: (url, init) => this.fetch(url, init) })],
    });
  }

  async fetch(url: string | URL | Request, init?: RequestInit): Promise<Response> {
    const request = new Request(url, init);
    if (this.cookie) request.headers.set("cookie", this.cookie);
    if (this.userAgent) request.headers.set("user-agent", this.userAgent);
    if (request.method !== "GET") request.headers.set("origin", BASE_URL);
    const res = await this.instance.app.fetch(request, {
      remoteAddr: { hostname: this.ip, port: 1234, transport: "tcp" },
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      this.cookie = pair.endsWith("=") ? "" : pair;
    }
    return res;
  }

  /** A raw call, for what the typed client would not send (malformed input…). */
  async call(path: string, input?: unknown, method?: "GET" | "POST"): Promise<RawResponse> {
    const m = method ?? "POST";
    const url = m === "GET"
      ? `${BASE_URL}/trpc/${path}${
        input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(input))}`
      }`
      : `${BASE_URL}/trpc/${path}`;
    const res = await this.fetch(url, {
      method: m,
      headers: { "content-type": "application/json" },
      body: m === "POST" && input !== undefined ? JSON.stringify(input) : undefined,
    });
    return { status: res.status, body: await res.json() };
  }
}

/**
 * For suites whose clock jumps days or months ahead while their people stay signed in: the
 * sessions open now neither expire nor count as idle, as if used all along (sessions opened
 * later age as usual).
 */
export async function keepSessionsOpen(t: TestInstance): Promise<void> {
  const far = "2100-01-01T00:00:00.000Z";
  await t.deps.db.updateTable("sessions").set({ expires_at: far, last_seen_at: far }).execute();
}

/** The `?jeton=` of the first link in a mail. */
export function tokenFrom(mail: CaughtMail): string {
  const m = /jeton=([A-Za-z0-9_-]+)/.exec(mail.text);
  if (!m) throw new Error(`No link with a token in mail "${mail.subject}"`);
  return m[1];
}

/** Signs up and confirms an account; returns the signed-in agent. */
export async function signedUpAgent(
  t: TestInstance,
  email: string,
  password = "Un-mot-de-passe-solide-42",
) {
  const agent = t.agent();
  // The proof a browser keeps from its sign-up, so that its confirmation needs no password.
  const navigateur = `preuve-${crypto.randomUUID()}`;
  await agent.trpc.auth.signUp.mutate({ email, password, navigateur });
  const mail = await t.mail(email, "Confirmez votre adresse");
  await agent.trpc.auth.confirmEmail.mutate({ token: tokenFrom(mail), navigateur });
  return agent;
}

/**
 * Creates the super-admin through the installation link and returns its agent, with the
 * double authentification turned on as super-admins must (`second_factor.ts` signs it in
 * again); `{ secondFactor: false }` leaves it off.
 */
export async function superAdminAgent(
  t: TestInstance,
  email = "super@guichet.test",
  opts: { secondFactor?: boolean } = {},
) {
  const agent = t.agent();
  const token = new URL(t.installationLink!).searchParams.get("jeton")!;
  await agent.trpc.auth.completeInstallation.mutate({
    token,
    email,
    password: "Installation-Solide-2026!",
  });
  if (opts.secondFactor !== false) await enrolSecondFactor(t, agent);
  return agent;
}
