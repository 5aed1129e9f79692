/**
 * The OpenAPI 3.1 document of `/api/v1`, generated from the route table (http.ts): each
 * route's path, method, French summary, scope, parameters, body and answers come from its
 * valibot schemas through `@valibot/to-json-schema` (JSON Schema 2020-12, OpenAPI 3.1's
 * own dialect), so the document cannot say other than what the server checks and answers.
 * Pure: the caller gives the routes.
 */
import { type JsonSchema, toJsonSchema } from "@valibot/to-json-schema";
import type * as v from "valibot";
import { erreurSchema, FILE_ANSWER } from "./schemas.ts";
import type { ApiRoute } from "./http.ts";

type Json = Record<string, unknown>;

/** The valibot schema as JSON Schema: what a client sends (input) or receives. */
function jsonSchema(
  // deno-lint-ignore no-explicit-any
  schema: v.GenericSchema<any, any>,
  typeMode: "input" | "ignore",
): Json {
  const { $schema: _, ...rest } = toJsonSchema(schema, {
    target: "draft-2020-12",
    typeMode,
    errorMode: "ignore",
  }) as JsonSchema & { $schema?: string };
  return rest as Json;
}

/** `/dossiers/:id` as OpenAPI writes it: `/dossiers/{id}`. */
export function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, "{$1}");
}

/** The parameters of an object schema, one per property, in the path or the query. */
function parameters(
  // deno-lint-ignore no-explicit-any
  schema: v.GenericSchema<any, any> | undefined,
  where: "path" | "query",
): Json[] {
  if (!schema) return [];
  const object = jsonSchema(schema, "input");
  const properties = (object.properties ?? {}) as Record<string, Json>;
  const required = new Set((object.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: where,
      required: where === "path" || required.has(name),
      ...(description ? { description } : {}),
      schema: rest,
    };
  });
}

const ERRORS: Record<string, string> = {
  "400": "Paramètre ou corps refusé : le message dit lequel et quoi corriger.",
  "401": "Jeton manquant, inconnu, révoqué ou expiré.",
  "403": "Le jeton ne permet pas cette action (il faut un jeton « instruction »).",
  "404": "Introuvable, ou hors de portée du jeton : la réponse est la même.",
  "405": "Cette adresse existe, avec une autre méthode (voir l’en-tête Allow).",
  "409": "L’action n’est pas possible dans l’état du dossier, ou a déjà été faite.",
  "413": "Corps de requête trop volumineux (au plus 2 Mo).",
  "429": "Trop de requêtes avec ce jeton : attendez le nombre de secondes de Retry-After.",
};

/** The error answers a route may give. */
function errorCodes(r: ApiRoute): string[] {
  const codes = new Set<string>(["404"]);
  if (r.query || r.body) codes.add("400");
  if (r.scope !== null) codes.add("401").add("429");
  if (r.scope === "instruction") codes.add("403");
  if (r.method !== "GET") codes.add("409");
  if (r.body) codes.add("413");
  return [...codes].sort();
}

function operationId(r: ApiRoute): string {
  const words = r.path.split("/").filter(Boolean).map((part) =>
    part.startsWith(":") ? `par_${part.slice(1)}` : part.replace(/[^A-Za-z0-9]+/g, "_")
  );
  return [r.method.toLowerCase(), ...words].join("_");
}

function operation(r: ApiRoute): Json {
  const params = [...parameters(r.params, "path"), ...parameters(r.query, "query")];
  const answer = r.response === FILE_ANSWER
    ? {
      description: "Le fichier, avec son type MIME et son nom (Content-Disposition).",
      content: {
        "application/octet-stream": {
          schema: { type: "string", contentMediaType: "application/octet-stream" },
        },
      },
    }
    : {
      description: r.status === 201 ? "Créé." : "Réussite.",
      ...(r.location
        ? {
          headers: {
            Location: {
              description: "L’adresse de ce qui a été créé, dans l’API.",
              schema: { type: "string", format: "uri" },
            },
          },
        }
        : {}),
      content: {
        "application/json": {
          // deno-lint-ignore no-explicit-any
          schema: jsonSchema(r.response as v.GenericSchema<any, any>, "ignore"),
        },
      },
    };
  return {
    operationId: operationId(r),
    summary: r.summary,
    ...(r.description ? { description: r.description } : {}),
    tags: [r.scope === null ? "documentation" : r.scope],
    "x-guichet-portee": r.scope,
    security: r.scope === null ? [] : [{ jeton: [] }],
    ...(params.length ? { parameters: params } : {}),
    ...(r.body
      ? {
        requestBody: {
          required: true,
          content: { "application/json": { schema: jsonSchema(r.body, "input") } },
        },
      }
      : {}),
    responses: {
      [String(r.status ?? 200)]: answer,
      ...Object.fromEntries(
        errorCodes(r).map((code) => [code, { $ref: `#/components/responses/E${code}` }]),
      ),
    },
  };
}

/** The OpenAPI 3.1 document of these routes. */
export function openApiDocument(routes: readonly ApiRoute[]): Json {
  const paths: Record<string, Json> = {};
  for (const r of routes) {
    const at = paths[openApiPath(r.path)] ??= {};
    at[r.method.toLowerCase()] = operation(r);
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "API de Guichet",
      version: "1",
      description:
        "Lire les démarches et leurs dossiers, télécharger leurs fichiers, préremplir un brouillon et instruire avec un jeton d’API (« Jetons d’API » de l’espace administrateur). Chaque requête porte « Authorization: Bearer gch_… ». Dates ISO 8601 en UTC ; erreurs en français sous la forme { erreur: { message, code } }.",
    },
    servers: [{ url: "/api/v1", description: "Cette instance." }],
    security: [{ jeton: [] }],
    tags: [
      { name: "lecture", description: "Avec tout jeton qui lit la démarche." },
      { name: "instruction", description: "Avec un jeton « instruction » seulement." },
      { name: "documentation", description: "Sans jeton." },
    ],
    paths,
    components: {
      securitySchemes: {
        jeton: {
          type: "http",
          scheme: "bearer",
          description:
            "Un jeton d’API créé par un administrateur (« gch_… ») : il lit les démarches qu’il administre, toutes ou celles choisies.",
        },
      },
      schemas: { Erreur: jsonSchema(erreurSchema, "ignore") },
      responses: Object.fromEntries(
        Object.entries(ERRORS).map(([code, description]) => [
          `E${code}`,
          {
            description,
            content: {
              "application/json": { schema: { $ref: "#/components/schemas/Erreur" } },
            },
          },
        ]),
      ),
    },
  };
}
