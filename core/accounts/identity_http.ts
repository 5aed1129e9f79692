/**
 * The two browser stops of a sign-in through a provider, as plain redirects:
 * `GET /connexion/fournisseur/:id[?retour=/chemin]` sends the browser to the provider with a
 * fresh flow (its cookie binds the flow to this browser), and
 * `GET /connexion/fournisseur/:id/retour` is the redirect URI the provider sends it back to.
 * A failure goes to `/connexion?erreur=<code>&fournisseur=<id>`: the page explains the code.
 */
import { Hono } from "hono";
import * as v from "valibot";
import type { Deps } from "../deps.ts";
import type { Actor } from "../policy/mod.ts";
import { finishIdentityFlow, IdentityFlowError, startIdentityFlow } from "./identity.ts";
import { IDENTITY_COOKIE, retourSchema } from "./identity_model.ts";
import type { NewSession } from "./_shared.ts";

export interface IdentityHttpOptions {
  readonly deps: Deps;
  readonly secure: boolean;
  readonly actorOf: (req: Request) => Promise<Actor | null>;
  /** The client's address, from the server's connection info and the request. */
  readonly ipOf: (env: unknown, req: Request) => string;
  readonly readCookie: (req: Request, name: string) => string | null;
  /** The `Set-Cookie` value of a session (null: signs out). */
  readonly sessionCookie: (session: NewSession | null) => string;
}

const withReturn = (path: string, retour: string | null) =>
  retour ? `${path}${path.includes("?") ? "&" : "?"}retour=${encodeURIComponent(retour)}` : path;

/** Routes of the provider sign-in, mounted at the app's root. */
export function identityRoutes(options: IdentityHttpOptions): Hono {
  const { deps, secure } = options;
  const app = new Hono();
  const flowCookie = (value: string | null) =>
    `${IDENTITY_COOKIE}=${value ?? ""}; Path=/connexion/fournisseur; HttpOnly; SameSite=Lax${
      secure ? "; Secure" : ""
    }; Max-Age=${value ? 600 : 0}`;
  const failed = (error: unknown, providerId: number, retour: string | null) => {
    if (!(error instanceof IdentityFlowError)) throw error;
    console.error(`Identity provider ${providerId}: ${error.code}: ${error.message}`);
    return new Response(null, {
      status: 303,
      headers: {
        location: withReturn(`/connexion?erreur=${error.code}&fournisseur=${providerId}`, retour),
        "set-cookie": flowCookie(null),
        "cache-control": "no-store",
      },
    });
  };

  app.get("/connexion/fournisseur/:id{[0-9]+}", async (c) => {
    const providerId = Number(c.req.param("id"));
    const retour = v.safeParse(retourSchema, c.req.query("retour") ?? undefined);
    const safeRetour = retour.success ? retour.output ?? null : null;
    try {
      const actor = await options.actorOf(c.req.raw);
      const { url, browserToken } = await startIdentityFlow(deps, actor, {
        providerId,
        retour: safeRetour ?? undefined,
        ip: options.ipOf(c.env, c.req.raw),
      });
      return new Response(null, {
        status: 303,
        headers: {
          location: url,
          "set-cookie": flowCookie(browserToken),
          "cache-control": "no-store",
        },
      });
    } catch (error) {
      return failed(error, providerId, safeRetour);
    }
  });

  app.get("/connexion/fournisseur/:id{[0-9]+}/retour", async (c) => {
    const providerId = Number(c.req.param("id"));
    const req = c.req.raw;
    const actor = await options.actorOf(req);
    const headers = new Headers({ "cache-control": "no-store" });
    headers.append("set-cookie", flowCookie(null));
    try {
      const outcome = await finishIdentityFlow(deps, {
        providerId,
        callbackUrl: new URL(
          `${deps.baseUrl}${new URL(req.url).pathname}${new URL(req.url).search}`,
        ),
        browserToken: options.readCookie(req, IDENTITY_COOKIE),
        client: {
          ip: options.ipOf(c.env, req),
          userAgent: req.headers.get("user-agent"),
          previousSessionId: actor?.sessionId,
        },
      });
      let location: string;
      switch (outcome.kind) {
        case "session":
          headers.append("set-cookie", options.sessionCookie(outcome.session));
          location = outcome.retour ?? "/";
          break;
        case "challenge":
          location = withReturn(`/connexion?defi=${outcome.challenge}`, outcome.retour);
          break;
        case "linked":
          location = "/compte?identite=associee";
          break;
        case "pending":
          location = `/connexion/liaison#${outcome.token}`;
          break;
      }
      headers.set("location", location);
      return new Response(null, { status: 303, headers });
    } catch (error) {
      return failed(error, providerId, null);
    }
  });
  return app;
}
