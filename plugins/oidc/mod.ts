/**
 * OpenID Connect: sign-in through FranceConnect, ProConnect or any OpenID Connect provider
 * (Keycloak, LemonLDAP::NG, Azure AD…), with `openid-client`: discovery, authorization code
 * with PKCE (S256), `state` and `nonce` checked, the id_token's signature, issuer, audience and
 * dates verified, the UserInfo read (FranceConnect signs it), and the logout at the provider
 * (`end_session_endpoint`). The core keeps the flow's secrets, the links and the sessions.
 *
 * Over plain HTTP, `openid-client` refuses to talk to a provider; it is allowed only for a
 * provider on this machine (127.0.0.1, localhost, ::1), as in the tests.
 */
import * as v from "valibot";
import * as client from "openid-client";
import {
  definePlugin,
  type IdentityProvider,
  IdentityRefusal,
  type VerifiedIdentity,
} from "../../core/plugin_sdk/mod.ts";

const text = (message: string) =>
  v.pipe(v.string(message), v.trim(), v.nonEmpty(message), v.maxLength(300, message));

export const oidcConfig = v.object({
  issuer: v.pipe(
    text("Indiquez l’adresse de l’émetteur (issuer), par exemple https://auth.exemple.fr."),
    v.url("L’émetteur doit être une adresse, par exemple https://auth.exemple.fr."),
    v.check(
      (s) => s.startsWith("https://") || isLoopback(s),
      "L’émetteur doit commencer par https:// (http:// n’est admis que sur cette machine).",
    ),
    v.title("Émetteur (issuer)"),
    v.description(
      "L’adresse du fournisseur ; Guichet lit sa configuration à /.well-known/openid-configuration.",
    ),
  ),
  clientId: v.pipe(
    text("Indiquez l’identifiant client donné par le fournisseur."),
    v.title("Identifiant client (client_id)"),
  ),
  clientSecret: v.pipe(
    text("Indiquez le secret client donné par le fournisseur."),
    v.title("Secret client (client_secret)"),
    v.description("Enregistré, jamais réaffiché : laissez vide pour garder celui déjà saisi."),
    // JSON Schema's `writeOnly`: the settings form makes it a password input, never filled.
    v.metadata({ writeOnly: true }),
  ),
  scopes: v.optional(
    v.pipe(
      text("Indiquez les scopes, séparés par des espaces, dont openid."),
      v.check((s) => s.split(/\s+/).includes("openid"), "Les scopes doivent comprendre openid."),
      v.title("Scopes"),
      v.description("Séparés par des espaces, par exemple : openid email given_name family_name"),
    ),
    "openid email given_name family_name",
  ),
  acrValues: v.optional(
    v.pipe(
      v.string(),
      v.trim(),
      v.maxLength(200, "Le niveau demandé ne doit pas dépasser 200 caractères."),
      v.title("Niveau d’authentification demandé (acr_values)"),
      v.description("Par exemple eidas1 pour FranceConnect ; vide : aucun."),
    ),
    "",
  ),
});

type Config = v.InferOutput<typeof oidcConfig>;

function isLoopback(url: string): boolean {
  try {
    const host = new URL(url).hostname;
    return host === "127.0.0.1" || host === "localhost" || host === "[::1]";
  } catch {
    return false;
  }
}

const DISCOVERY_MS = 3_600_000;

type Discover = (config: Config) => Promise<client.Configuration>;

/**
 * The discovered configurations of one instance's providers, per issuer and client, kept an
 * hour; a failure is not kept, so the next sign-in asks again. One per registry (`register`
 * makes it), never shared through the module: two instances in one process (tests, a
 * reconfigured host) each learn their providers themselves.
 */
export function discoveryCache(now: () => number = Date.now): Discover {
  const discovered = new Map<string, { at: number; config: Promise<client.Configuration> }>();
  return (config) => {
    const key = JSON.stringify([config.issuer, config.clientId, config.clientSecret]);
    const cached = discovered.get(key);
    if (cached && now() - cached.at < DISCOVERY_MS) return cached.config;
    const promise = client.discovery(
      new URL(config.issuer),
      config.clientId,
      config.clientSecret,
      undefined,
      {
        // The id_token's signature is checked too (openid-client trusts TLS alone otherwise).
        execute: isLoopback(config.issuer)
          ? [client.enableNonRepudiationChecks, client.allowInsecureRequests]
          : [client.enableNonRepudiationChecks],
        timeout: 10,
      },
    );
    discovered.set(key, { at: now(), config: promise });
    promise.catch(() => {
      if (discovered.get(key)?.config === promise) discovered.delete(key);
    });
    return promise;
  };
}

/** Whether an error is the provider not answering (connection refused, timeout, 5xx). */
function unreachable(error: unknown): boolean {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if (e instanceof TypeError || e.name === "TimeoutError" || e.name === "AbortError") {
      return true;
    }
    if (e instanceof client.ResponseBodyError && e.status >= 500) return true;
  }
  return false;
}

const stringClaim = (value: unknown): string | null =>
  typeof value === "string" && value.trim() !== "" ? value.trim() : null;

/** The identity of the claims (id_token and UserInfo merged), as the core reads it. */
export function identityOf(
  claims: Record<string, unknown>,
  idToken: string | null,
): VerifiedIdentity {
  const gender = claims.gender === "female" || claims.gender === "male" ? claims.gender : null;
  const birthdate = stringClaim(claims.birthdate);
  return {
    subject: String(claims.sub),
    email: stringClaim(claims.email)?.toLowerCase() ?? null,
    emailVerified: claims.email_verified === true,
    givenName: stringClaim(claims.given_name),
    // ProConnect gives the name in use as `usual_name`.
    familyName: stringClaim(claims.family_name) ?? stringClaim(claims.usual_name),
    birthdate: birthdate && /^\d{4}-\d{2}-\d{2}$/.test(birthdate) ? birthdate : null,
    gender,
    acr: stringClaim(claims.acr),
    idToken,
  };
}

/** The `oidc` identity provider, its discoveries kept by `configurationOf`. */
function oidcProvider(configurationOf: Discover): IdentityProvider<Config> {
  return {
    id: "oidc",
    label: "OpenID Connect",
    config: oidcConfig,
    secrets: ["clientSecret"],
    presets: [
      {
        id: "franceconnect",
        label: "FranceConnect",
        verifiesIdentity: true,
        config: {
          issuer: "https://oidc.franceconnect.gouv.fr/api/v2",
          scopes:
            "openid given_name family_name birthdate birthplace birthcountry gender email preferred_username",
          acrValues: "eidas1",
        },
      },
      {
        id: "proconnect",
        label: "ProConnect",
        config: {
          issuer: "https://auth.agentconnect.gouv.fr/api/v2",
          scopes: "openid email given_name usual_name uid siret",
          acrValues: "",
        },
      },
    ],
    async start({ config, redirectUri, flow }) {
      let configuration: client.Configuration;
      try {
        configuration = await configurationOf(config);
      } catch (error) {
        throw new IdentityRefusal(
          "indisponible",
          `Discovery of "${config.issuer}" failed: ${(error as Error).message}`,
        );
      }
      const parameters: Record<string, string> = {
        redirect_uri: redirectUri,
        scope: config.scopes,
        state: flow.state,
        nonce: flow.nonce,
        code_challenge: await client.calculatePKCECodeChallenge(flow.codeVerifier),
        code_challenge_method: "S256",
      };
      if (config.acrValues) parameters.acr_values = config.acrValues;
      return client.buildAuthorizationUrl(configuration, parameters).href;
    },
    async finish({ config, callbackUrl, flow }) {
      if (callbackUrl.searchParams.get("error") === "access_denied") {
        throw new IdentityRefusal("annulee", "The person cancelled at the provider");
      }
      let configuration: client.Configuration;
      try {
        configuration = await configurationOf(config);
      } catch (error) {
        throw new IdentityRefusal("indisponible", `Discovery failed: ${(error as Error).message}`);
      }
      try {
        const tokens = await client.authorizationCodeGrant(configuration, callbackUrl, {
          pkceCodeVerifier: flow.codeVerifier,
          expectedState: flow.state,
          expectedNonce: flow.nonce,
          idTokenExpected: true,
        });
        const idClaims = tokens.claims()!;
        let claims: Record<string, unknown> = { ...idClaims };
        if (configuration.serverMetadata().userinfo_endpoint) {
          // FranceConnect gives the identity in the UserInfo; the id_token's claims prevail.
          const info = await client.fetchUserInfo(configuration, tokens.access_token, idClaims.sub);
          claims = { ...info, ...idClaims };
        }
        return identityOf(claims, tokens.id_token ?? null);
      } catch (error) {
        if (error instanceof IdentityRefusal) throw error;
        if (error instanceof client.AuthorizationResponseError) {
          throw new IdentityRefusal(
            error.error === "access_denied" ? "annulee" : "invalide",
            `The provider answered "${error.error}"`,
          );
        }
        throw new IdentityRefusal(
          unreachable(error) ? "indisponible" : "invalide",
          `Token exchange with "${config.issuer}" failed: ${(error as Error).message}`,
        );
      }
    },
    async logoutUrl({ config, idToken, postLogoutRedirectUri }) {
      const configuration = await configurationOf(config);
      if (!configuration.serverMetadata().end_session_endpoint) return null;
      return client.buildEndSessionUrl(configuration, {
        id_token_hint: idToken,
        post_logout_redirect_uri: postLogoutRedirectUri,
        state: crypto.randomUUID(),
      }).href;
    },
  };
}

export default definePlugin({
  id: "oidc",
  version: "1.0.0",
  label: "Connexion OpenID Connect (FranceConnect, ProConnect…)",
  description:
    "Se connecter avec FranceConnect, ProConnect ou le fournisseur d’identité de votre administration.",
  host: "^1.0.0",
  register(api) {
    api.identityProvider(oidcProvider(discoveryCache()));
  },
});
