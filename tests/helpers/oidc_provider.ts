/**
 * A real OpenID Connect provider on loopback (`oidc-provider`), configured like FranceConnect
 * (claim-named scopes, `acr` eidas1) or ProConnect (usual_name, uid, siret). Its interaction
 * logs in a fixed person without a form: the person the test set with `signInAs`. A test may
 * also make it lie: `tamper = "signature"` flips a byte of the id_token's signature in the
 * token answer.
 */
import { createServer, type Server } from "node:http";
import Provider from "oidc-provider";

/** Who the provider says signs in (its claims). */
export interface TestPerson {
  readonly sub: string;
  readonly email: string;
  readonly given_name?: string;
  readonly family_name?: string;
  readonly birthdate?: string;
  readonly gender?: string;
  readonly usual_name?: string;
  readonly siret?: string;
}

export interface TestProvider {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** The person the next interaction signs in. */
  signInAs(person: TestPerson): void;
  /** A lie in the next token answers; null: none. */
  tamper: "signature" | null;
  /** How many times its configuration (`/.well-known/openid-configuration`) was read. */
  readonly discoveries: number;
  stop(): Promise<void>;
}

const CLAIMS: Record<string, string[]> = {
  openid: ["sub"],
  email: ["email", "email_verified"],
  given_name: ["given_name"],
  family_name: ["family_name"],
  usual_name: ["usual_name"],
  birthdate: ["birthdate"],
  birthplace: ["birthplace"],
  birthcountry: ["birthcountry"],
  gender: ["gender"],
  preferred_username: ["preferred_username"],
  uid: ["uid"],
  siret: ["siret"],
};

/** Starts a provider on a free loopback port, accepting `redirectUris`. */
export async function startTestProvider(opts: {
  redirectUris: readonly string[];
  postLogoutRedirectUris?: readonly string[];
  kind: "franceconnect" | "proconnect";
  /** The loopback port to listen on; by default a free one. */
  port?: number;
  /** The client's secret; by default a random one. */
  clientSecret?: string;
}): Promise<TestProvider> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  const issuer = `http://127.0.0.1:${port}`;
  let person: TestPerson = { sub: "personne-1", email: "personne@example.fr" };
  const clientId = `guichet-${opts.kind}`;
  const clientSecret = opts.clientSecret ?? "secret-de-test-" + crypto.randomUUID();
  const provider = new Provider(issuer, {
    clients: [{
      client_id: clientId,
      client_secret: clientSecret,
      redirect_uris: [...opts.redirectUris],
      post_logout_redirect_uris: [...(opts.postLogoutRedirectUris ?? [])],
      response_types: ["code"],
      grant_types: ["authorization_code"],
    }],
    claims: CLAIMS,
    scopes: Object.keys(CLAIMS),
    acrValues: ["eidas1", "eidas2"],
    features: { devInteractions: { enabled: false }, rpInitiatedLogout: { enabled: true } },
    interactions: {
      url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}`,
    },
    findAccount: (_ctx: unknown, sub: string) => ({
      accountId: sub,
      claims: () => ({
        ...person,
        sub,
        email_verified: true,
        birthplace: "75056",
        birthcountry: "99100",
        preferred_username: person.family_name,
        uid: person.sub,
      }),
    }),
    // Claims go in the id_token too, as FranceConnect's userinfo gives them.
    conformIdTokenClaims: false,
    ttl: { Session: 600, Interaction: 600, Grant: 600, AccessToken: 600, IdToken: 600 },
  });
  const state = { tamper: null as "signature" | null, discoveries: 0 };
  provider.use(async (ctx: { path: string; body: unknown }, next: () => Promise<void>) => {
    if (ctx.path === "/.well-known/openid-configuration") state.discoveries++;
    await next();
    if (ctx.path === "/token" && state.tamper === "signature") {
      const body = ctx.body as { id_token?: string };
      if (body?.id_token) {
        const [h, p, s] = body.id_token.split(".");
        const flipped = s[5] === "A" ? "B" : "A";
        body.id_token = `${h}.${p}.${s.slice(0, 5)}${flipped}${s.slice(6)}`;
      }
    }
  });
  const callback = provider.callback();
  server.on("request", async (req, res) => {
    const match = req.url?.match(/^\/interaction\/([^/?]+)/);
    if (!match) return callback(req, res);
    try {
      const details = await provider.interactionDetails(req, res);
      const grant = new provider.Grant({ accountId: person.sub, clientId });
      const scope = String(details.params.scope ?? "openid");
      grant.addOIDCScope(scope);
      const grantId = await grant.save();
      const acr = opts.kind === "franceconnect" ? "eidas1" : undefined;
      await provider.interactionFinished(req, res, {
        login: { accountId: person.sub, ...(acr ? { acr } : {}) },
        consent: { grantId },
      }, { mergeWithLastSubmission: false });
    } catch (error) {
      res.statusCode = 500;
      res.end(String(error));
    }
  });
  return {
    issuer,
    clientId,
    clientSecret,
    signInAs(p) {
      person = p;
    },
    get tamper() {
      return state.tamper;
    },
    set tamper(value) {
      state.tamper = value;
    },
    get discoveries() {
      return state.discoveries;
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The redirect URIs of the first instances a test configures (ids 1 to 9). */
export function redirectUrisOf(baseUrl: string): string[] {
  return Array.from({ length: 9 }, (_, i) => `${baseUrl}/connexion/fournisseur/${i + 1}/retour`);
}

/** What a test may change on the way, as an attacker would. */
export interface FlowTampering {
  /** Changes the address sent to the provider (another nonce…). */
  readonly authorization?: (url: URL) => void;
  /** Changes the callback the browser brings back (another state…). */
  readonly callback?: (url: URL) => void;
  /** Comes back without the flow's cookie, as another browser would. */
  readonly dropFlowCookie?: boolean;
}

/**
 * Signs `agent` in through instance `providerId` of the app, following every redirect like a
 * browser: Guichet → provider (its interaction signs the set person in) → Guichet's callback.
 * Returns where Guichet sends the browser at the end (`/commencer/…`, `/connexion?erreur=…`).
 */
export async function providerSignIn(
  app: { fetch: (req: Request, env?: unknown) => Response | Promise<Response> },
  agent: { cookie: string },
  baseUrl: string,
  providerId: number,
  opts: { retour?: string; tamper?: FlowTampering } = {},
): Promise<string> {
  const env = { remoteAddr: { hostname: "192.0.2.9", port: 1234, transport: "tcp" } };
  const query = opts.retour ? `?retour=${encodeURIComponent(opts.retour)}` : "";
  const start = await app.fetch(
    new Request(`${baseUrl}/connexion/fournisseur/${providerId}${query}`, {
      headers: agent.cookie ? { cookie: agent.cookie } : {},
    }),
    env,
  );
  const startLocation = start.headers.get("location")!;
  if (!startLocation.startsWith("http")) return startLocation;
  const flowCookie = start.headers.getSetCookie().map((c) => c.split(";")[0])
    .find((c) => c.startsWith("guichet_identite="))!;
  const authorization = new URL(startLocation);
  opts.tamper?.authorization?.(authorization);
  let next = authorization.href;
  const providerCookies = new Map<string, string>();
  for (let i = 0; i < 10 && !next.startsWith(baseUrl); i++) {
    const res = await fetch(next, {
      redirect: "manual",
      headers: { cookie: [...providerCookies.values()].join("; ") },
    });
    await res.body?.cancel();
    for (const c of res.headers.getSetCookie()) {
      const pair = c.split(";")[0];
      providerCookies.set(pair.slice(0, pair.indexOf("=")), pair);
    }
    const location = res.headers.get("location");
    if (!location) throw new Error(`The provider stopped at ${next} (${res.status})`);
    next = new URL(location, next).href;
  }
  const callback = new URL(next);
  opts.tamper?.callback?.(callback);
  const cookies = [agent.cookie, opts.tamper?.dropFlowCookie ? "" : flowCookie].filter(Boolean);
  const res = await app.fetch(
    new Request(callback.href, { headers: { cookie: cookies.join("; ") } }),
    env,
  );
  for (const c of res.headers.getSetCookie()) {
    const pair = c.split(";")[0];
    if (pair.startsWith("guichet_session=")) agent.cookie = pair.endsWith("=") ? "" : pair;
  }
  return res.headers.get("location")!;
}
