/**
 * `/admin/api`: the API's documentation for administrateurs, read from the OpenAPI document
 * the server generates from its routes (`/api/v1/openapi.json`): each route with its method,
 * address, summary, the jeton it needs, its parameters, body and answer fields.
 */
import { createResource, For, Show } from "solid-js";
import { A } from "@solidjs/router";
import { Page } from "../components/page.tsx";
import { RequireRole } from "../components/require_role.tsx";

type Schema = {
  type?: string | string[];
  description?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  enum?: unknown[];
  additionalProperties?: Schema | boolean;
  default?: unknown;
  pattern?: string;
  $ref?: string;
};
type Parameter = {
  name: string;
  in: string;
  required: boolean;
  description?: string;
  schema: Schema;
};
type Operation = {
  operationId: string;
  summary: string;
  description?: string;
  "x-guichet-portee": "lecture" | "instruction" | null;
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { $ref?: string; content?: Record<string, { schema: Schema }> }>;
};
type Document = {
  info: { title: string; description: string };
  paths: Record<string, Record<string, Operation>>;
  components: { responses: Record<string, { description: string }> };
};

/** One line of a fields list: a dotted path, its type in French, what it says. */
interface FieldLine {
  readonly path: string;
  readonly type: string;
  readonly required: boolean;
  readonly description: string;
}

const TYPES: Record<string, string> = {
  string: "texte",
  number: "nombre",
  integer: "entier",
  boolean: "oui/non",
  object: "objet",
  array: "liste",
  null: "null",
};

/** The French name of a schema's type (« texte ou null », « liste de objet »…). */
function typeName(s: Schema): string {
  if (s.enum) return s.enum.map((e) => JSON.stringify(e)).join(" | ");
  if (s.anyOf) return s.anyOf.map(typeName).join(" ou ");
  const t = Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
  if (t.length === 0) return "toute valeur";
  return t.map((x) => x === "array" && s.items ? `liste de ${typeName(s.items)}` : TYPES[x] ?? x)
    .join(" ou ");
}

/** The object inside a nullable or a list, whose fields are listed below it. */
function inner(s: Schema): Schema | undefined {
  if (s.properties) return s;
  if (s.items) return inner(s.items);
  for (const branch of s.anyOf ?? []) {
    const found = inner(branch);
    if (found) return found;
  }
  return undefined;
}

function isList(s: Schema): boolean {
  return s.type === "array" || (s.anyOf ?? []).some((b) => b.type === "array");
}

/** Every field of an object schema, depth first, as `a.b[].c`. */
function fields(s: Schema, prefix = "", depth = 0): FieldLine[] {
  const out: FieldLine[] = [];
  const required = new Set(s.required ?? []);
  for (const [name, child] of Object.entries(s.properties ?? {})) {
    const path = `${prefix}${name}`;
    out.push({
      path,
      type: typeName(child),
      required: required.has(name),
      description: child.description ?? "",
    });
    const nested = inner(child);
    if (nested && depth < 5) {
      out.push(...fields(nested, `${path}${isList(child) ? "[]" : ""}.`, depth + 1));
    }
  }
  return out;
}

const PORTEE: Record<string, string> = {
  lecture: "Jeton «\u00a0Lecture\u00a0» ou «\u00a0Instruction\u00a0»",
  instruction: "Jeton «\u00a0Instruction\u00a0» seulement",
};

function FieldList(props: { lines: FieldLine[] }) {
  return (
    <ul class="api-fields">
      <For each={props.lines}>
        {(f) => (
          <li>
            <code class="api-fields__name">{f.path}</code>{" "}
            <span class="api-fields__type">
              {f.type}
              {f.required ? "" : ", facultatif"}
            </span>
            <Show when={f.description}>
              <span class="api-fields__description">{f.description}</span>
            </Show>
          </li>
        )}
      </For>
    </ul>
  );
}

function Route(props: { method: string; path: string; op: Operation; doc: Document }) {
  const id = () => `route-${props.op.operationId}`;
  const params = () => props.op.parameters ?? [];
  const body = () => props.op.requestBody?.content["application/json"]?.schema;
  // The one success the route documents: 200, or 201 for a creation.
  const success = () => Object.keys(props.op.responses).find((code) => code.startsWith("2"));
  const answer = () => props.op.responses[success() ?? "200"]?.content;
  const errors = () =>
    Object.entries(props.op.responses).filter(([code]) => code !== success()).map(([code, r]) => ({
      code,
      description: r.$ref
        ? props.doc.components.responses[r.$ref.split("/").pop()!]?.description ?? ""
        : "",
    }));
  return (
    <section class="card api-route" aria-labelledby={id()}>
      <h2 id={id()} class="card__title api-route__title">
        <span class={`api-method api-method--${props.method}`}>{props.method.toUpperCase()}</span>
        {" "}
        <code class="api-route__path">/api/v1{props.path}</code>
      </h2>
      <p>{props.op.summary}</p>
      <Show when={props.op.description}>
        <p class="hint">{props.op.description}</p>
      </Show>
      <p>
        <strong>Droits :</strong>{" "}
        {props.op["x-guichet-portee"] ? PORTEE[props.op["x-guichet-portee"]] : "Aucun jeton"}
      </p>
      <Show when={params().length > 0}>
        <h3>Paramètres</h3>
        <ul class="api-fields">
          <For each={params()}>
            {(p) => (
              <li>
                <code class="api-fields__name">{p.name}</code>{" "}
                <span class="api-fields__type">
                  {p.in === "path" ? "dans l’adresse" : "dans la requête (?…)"},{" "}
                  {typeName(p.schema)}
                  {p.required ? "" : ", facultatif"}
                  {p.schema.default !== undefined ? `, ${String(p.schema.default)} par défaut` : ""}
                </span>
                <Show when={p.description}>
                  <span class="api-fields__description">{p.description}</span>
                </Show>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <Show when={body()}>
        {(schema) => (
          <>
            <h3>Corps de la requête (JSON)</h3>
            <FieldList lines={fields(schema())} />
          </>
        )}
      </Show>
      <h3>Réponse{success() === "201" ? " (201 : créé, adresse dans l’en-tête Location)" : ""}</h3>
      <Show
        when={answer()?.["application/json"]?.schema}
        fallback={<p>Le fichier lui-même, avec son type et son nom.</p>}
      >
        {(schema) => <FieldList lines={fields(schema())} />}
      </Show>
      <Show when={errors().length > 0}>
        <h3>Erreurs</h3>
        <ul class="api-errors">
          <For each={errors()}>
            {(e) => (
              <li>
                <strong>{e.code}</strong> : {e.description}
              </li>
            )}
          </For>
        </ul>
      </Show>
    </section>
  );
}

function Documentation() {
  const [doc] = createResource(async () => {
    const res = await fetch("/api/v1/openapi.json");
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    return await res.json() as Document;
  });
  const routes = () =>
    Object.entries(doc()?.paths ?? {}).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({ path, method, op }))
    );
  return (
    <Page title="Documentation de l’API">
      <p class="lead">
        Vos outils lisent vos démarches et leurs dossiers, téléchargent leurs fichiers et, avec un
        jeton « Instruction », préremplissent et instruisent des dossiers. Chaque requête porte
        l’en-tête <code>Authorization: Bearer gch_…</code> avec un jeton créé dans{" "}
        <A href="/admin/jetons">Jetons d’API</A>.
      </p>
      <p>
        <a href="/api/v1/openapi.json">Document OpenAPI 3.1 (JSON)</a>, à donner à un outil qui le
        lit (générateur de client, Postman…). Réponses et erreurs sont en JSON ; les dates sont au
        format ISO 8601 en UTC ; une erreur est de la forme{" "}
        <code>{"{ erreur: { message, code } }"}</code>.
      </p>
      <Show when={doc.error}>
        <p class="notice notice--error" role="alert">
          La documentation n’a pas pu être chargée. Rechargez la page ; si cela continue, ouvrez le
          document JSON ci-dessus.
        </p>
      </Show>
      <Show when={doc()} fallback={<p class="loading" role="status">Chargement…</p>}>
        <nav aria-labelledby="sommaire-api" class="card">
          <h2 id="sommaire-api" class="card__title">Adresses</h2>
          <ul class="api-toc">
            <For each={routes()}>
              {(r) => (
                <li>
                  <a href={`#route-${r.op.operationId}`}>
                    <span class="api-method">{r.method.toUpperCase()}</span> <code>{r.path}</code>
                  </a>{" "}
                  — {r.op.summary}
                </li>
              )}
            </For>
          </ul>
        </nav>
        <div class="stack stack--wide">
          <For each={routes()}>
            {(r) => <Route method={r.method} path={r.path} op={r.op} doc={doc()!} />}
          </For>
        </div>
      </Show>
    </Page>
  );
}

export default function AdminApiDocumentation() {
  return (
    <RequireRole role="administrateur">
      <Documentation />
    </RequireRole>
  );
}
