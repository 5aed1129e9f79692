/**
 * Composition root: builds the Hono app from its parts. Everything it needs is passed in
 * (database, plugins, clock, mail catcher), so a test builds the real app on a temp file.
 */
import { Hono } from "hono";
import { ping } from "./db/mod.ts";
import type { Deps } from "./deps.ts";
import { appRouter } from "./api/router.ts";
import { createTrpcHandler } from "./api/http.ts";
import { compressJsonAnswers } from "./api/compression.ts";
import type { Context } from "./rpc/trpc.ts";
import { actorFromSession, type NewSession } from "./accounts/service.ts";
import type { MailCatcher } from "./notifications/catcher.ts";
import { DEV_MAILS_CSP, devMailsPage, devMailsVisible } from "./notifications/dev_mails.ts";
import { type AddressRange, clientIp } from "./client_ip.ts";
import { madeSecure, secureAnswer, securityHeaderList } from "./security_headers.ts";
import { observe } from "./observe/http.ts";
import { serveUi } from "./ui_files.ts";
import { AppError } from "./errors.ts";
import { download, scanVerdict, upload } from "./files/service.ts";
import { uploadRuleFromQuery } from "./dossiers/uploads.ts";
import { dossierPdf, dossierZip } from "./dossiers/document.ts";
import { createApiRest } from "./api_rest/http.ts";
import { identityRoutes } from "./accounts/identity_http.ts";
import { currentClientIp, withClientIp } from "./audit/context.ts";
import { auditCsvResponse } from "./audit/http.ts";
import { isRowId } from "./shared/ids.ts";

export const SESSION_COOKIE = "guichet_session";

const STATUS = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  TOO_MANY_REQUESTS: 429,
} as const;

/** An error of the file routes as JSON `{ error: { message, code } }`; bugs stay opaque. */
function fileError(error: unknown): Response {
  if (error instanceof AppError) {
    return Response.json({ error: { message: error.message, code: error.code } }, {
      status: STATUS[error.code],
    });
  }
  console.error(error);
  return Response.json({
    error: {
      message: "Une erreur inattendue est survenue. Réessayez dans un instant.",
      code: "INTERNAL_SERVER_ERROR",
    },
  }, { status: 500 });
}

/** The upload's `X-Filename`, which the UI percent-encodes (`encodeURIComponent`), decoded. */
function headerFileName(header: string | null): string {
  if (header === null) return "fichier";
  try {
    return decodeURIComponent(header);
  } catch {
    throw new AppError(
      "BAD_REQUEST",
      "Le nom du fichier (en-tête X-Filename) est mal encodé : encodez-le avec encodeURIComponent, ou renommez le fichier puis réessayez.",
    );
  }
}

export interface AppOptions {
  readonly deps: Deps;
  /** Folder of the built UI (`ui/dist`); when absent, only the API is served. */
  readonly uiDir?: string;
  /** The local mail catcher, shown at `/_dev/mails` to loopback clients. */
  readonly catcher?: MailCatcher;
  /** Reverse proxies whose `X-Forwarded-For` is believed (`TRUSTED_PROXIES`; default none). */
  readonly trustedProxies?: readonly AddressRange[];
  /** Who may read `/metrics` (`METRICS_ALLOW`; default loopback only). */
  readonly metricsAllow?: readonly AddressRange[];
  /** `json`: one JSON line per request and per log (`LOG_FORMAT`; default `text`). */
  readonly logFormat?: "text" | "json";
}

function readCookie(header: string | null, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

function sessionCookie(session: NewSession | null, secure: boolean): string {
  const base = `${SESSION_COOKIE}=${session?.token ?? ""}; Path=/; HttpOnly; SameSite=Lax${
    secure ? "; Secure" : ""
  }`;
  if (!session) return `${base}; Max-Age=0`;
  const maxAge = Math.max(0, Math.floor((session.expiresAt.getTime() - Date.now()) / 1000));
  return `${base}; Max-Age=${maxAge}`;
}

/** The TCP peer's address, as `Deno.serve` gives it (a proxy's, when there is one). */
function peerAddress(env: unknown): string {
  const hostname = (env as { remoteAddr?: { hostname?: unknown } } | undefined)?.remoteAddr
    ?.hostname;
  return typeof hostname === "string" ? hostname : "local";
}

/** The whole HTTP surface: `/healthz`, `/trpc/*`, `/api/v1/*`, `/_dev/mails`, and the UI. */
export function createApp(options: AppOptions): Hono {
  const { deps } = options;
  const app = new Hono();
  const ownOrigin = new URL(deps.baseUrl).origin;
  const secure = ownOrigin.startsWith("https:");
  // tRPC's answers are made with the security headers, which the middleware then leaves.
  const trpc = createTrpcHandler(appRouter, {
    prefixLength: "/trpc/".length,
    headers: securityHeaderList({ https: secure }),
    made: madeSecure,
  });
  const trusted = options.trustedProxies ?? [];
  /** The client's address for every per-client rule and log (core/client_ip.ts). */
  const ipOf = (env: unknown, req: Request) =>
    clientIp(peerAddress(env), req.headers.get("x-forwarded-for"), trusted);

  // Request ids, counts by route and status, JSON request lines (core/observe/).
  const observer = observe({
    deps,
    logFormat: options.logFormat ?? "text",
    metricsAllow: options.metricsAllow,
    trustedProxies: trusted,
    procedures: new Set(Object.keys(appRouter._def.procedures)),
    peerOf: (c) => peerAddress(c.env),
    ipOf: (c) => ipOf(c.env, c.req.raw),
  });
  // Around every request, in one layer (each costs every request a dispatch): it is counted
  // (and logged), the audit log's events name its client's address, and its answer carries
  // the security headers.
  const served = { https: secure };
  app.use(observer.middleware(async (c, next) => {
    await withClientIp(ipOf(c.env, c.req.raw), next);
    secureAnswer(c, served);
  }));

  app.get("/metrics", observer.handler);

  app.get("/healthz", async (c) => {
    try {
      await ping(deps.db);
      return c.json({ status: "ok" });
    } catch {
      return c.json({ status: "error", message: "Base de données inaccessible" }, 503);
    }
  });

  /** A browser sends `Origin` with every POST; one from another site is refused (CSRF). */
  const foreignOrigin = (req: Request) => {
    const origin = req.headers.get("origin");
    return req.method !== "GET" && origin !== null && origin !== ownOrigin &&
      origin !== new URL(req.url).origin;
  };
  const actorOf = async (req: Request) => {
    const token = readCookie(req.headers.get("cookie"), SESSION_COOKIE);
    return token ? await actorFromSession(deps, token) : null;
  };

  app.all("/trpc/*", async (c) => {
    const req = c.req.raw;
    if (foreignOrigin(req)) {
      return c.json({
        error: {
          message: "Requête refusée : elle ne vient pas de ce site.",
          code: -32003,
          data: { code: "FORBIDDEN", httpStatus: 403 },
        },
      }, 403);
    }
    // The address the request's scope was opened with, above: the same, not worked out again.
    const ip = currentClientIp() ?? ipOf(c.env, req);
    // Compressed by the transport itself, from the JSON text (`jsonAnswer`).
    return await trpc(req, async (setCookie): Promise<Context> => ({
      deps,
      ip,
      userAgent: req.headers.get("user-agent"),
      actor: await actorOf(req),
      setSession: (session) => setCookie(sessionCookie(session, secure)),
    }));
  });

  app.post("/files", async (c) => {
    const req = c.req.raw;
    if (foreignOrigin(req)) {
      return fileError(
        new AppError("FORBIDDEN", "Requête refusée : elle ne vient pas de ce site."),
      );
    }
    try {
      const length = req.headers.get("content-length");
      const actor = await actorOf(req);
      const file = await upload(deps, actor, {
        filename: headerFileName(req.headers.get("x-filename")),
        declaredMime: req.headers.get("content-type") ?? "application/octet-stream",
        length: length === null ? null : Number(length),
        body: req.body,
        rule: await uploadRuleFromQuery(deps, actor, new URL(req.url).searchParams),
      });
      return c.json(file, 201);
    } catch (error) {
      return fileError(error);
    }
  });

  // What the antivirus said of an upload: the pièce justificative's input asks until it is read.
  app.get("/files/:id/verification", async (c) => {
    try {
      const verdict = await scanVerdict(deps, await actorOf(c.req.raw), { id: c.req.param("id") });
      return c.json(verdict, 200, { "cache-control": "private, no-store" });
    } catch (error) {
      return fileError(error);
    }
  });

  app.get("/files/:id", async (c) => {
    try {
      const { file, body } = await download(deps, await actorOf(c.req.raw), {
        id: c.req.param("id"),
      });
      const inline = file.attached_kind === "logo" ? "inline" : "attachment";
      return new Response(body, {
        headers: {
          "content-type": file.mime,
          "content-length": String(file.size),
          "content-disposition": `${inline}; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
          "cache-control": "private, no-cache",
        },
      });
    } catch (error) {
      return fileError(error);
    }
  });

  // « Télécharger le dossier »: the récapitulatif PDF, or a ZIP of it and the dossier's files.
  app.get("/dossiers/:id/:kind{pdf|zip}", async (c) => {
    try {
      const id = Number(c.req.param("id"));
      if (!isRowId(id)) {
        throw new AppError("NOT_FOUND", "Ce dossier n’existe pas.");
      }
      const actor = await actorOf(c.req.raw);
      const { filename, body, mime } = c.req.param("kind") === "pdf"
        ? { ...await dossierPdf(deps, actor, { id }), mime: "application/pdf" }
        : { ...await dossierZip(deps, actor, { id }), mime: "application/zip" };
      return new Response(body, {
        headers: {
          "content-type": mime,
          "content-disposition": `attachment; filename="${filename}"`,
          "cache-control": "private, no-store",
        },
      });
    } catch (error) {
      return fileError(error);
    }
  });

  // « Journal d'audit » as CSV, for the super-admin (core/audit/).
  app.get("/journal-audit.csv", async (c) => {
    try {
      return await auditCsvResponse(deps, await actorOf(c.req.raw), new URL(c.req.url));
    } catch (error) {
      return fileError(error);
    }
  });

  // Sign-in through FranceConnect, ProConnect or another provider: browser redirects.
  app.route(
    "/",
    identityRoutes({
      deps,
      secure,
      actorOf,
      ipOf,
      readCookie: (req, name) => readCookie(req.headers.get("cookie"), name),
      sessionCookie: (session) => sessionCookie(session, secure),
    }),
  );

  // The read API for administrations' own tools: JSON, jeton d'API (core/api_rest/).
  app.use("/api/v1/*", compressJsonAnswers());
  app.route("/api/v1", createApiRest(deps));

  if (options.catcher) {
    const catcher = options.catcher;
    app.get("/_dev/mails", (c) => {
      if (!devMailsVisible(deps.baseUrl, peerAddress(c.env), c.req.raw.headers)) {
        return c.text(
          "Page introuvable : les e-mails gardés localement ne se lisent que sur une instance de développement (BASE_URL en localhost), depuis la machine qui la fait tourner.",
          404,
        );
      }
      return c.html(devMailsPage(catcher.mails), 200, { "content-security-policy": DEV_MAILS_CSP });
    });
  }

  if (options.uiDir) serveUi(app, options.uiDir);
  app.notFound((c) => c.text("Page introuvable : vérifiez l’adresse.", 404));
  // A bug is logged and stays opaque to the client, in French like every other answer.
  app.onError((error, c) => {
    console.error(error);
    return c.text("Une erreur inattendue est survenue. Réessayez dans un instant.", 500);
  });
  return app;
}
