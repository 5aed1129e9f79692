/**
 * The fields of a plugin's settings, generated from the JSON Schema of its valibot schema
 * (`@valibot/to-json-schema`): text for strings (a text area past 300 characters), number
 * inputs with their bounds, a checkbox for booleans, a list for enums, a password input for a
 * write-only string (a secret, never shown back). Labels come from `title`, else the property name;
 * `description` becomes the hint. The plugin's own schema stays the one source of truth:
 * the server validates what is sent and its messages come back by property.
 */
import { For, Match, Show, Switch } from "solid-js";
import { Field } from "../field.tsx";
import { SelectField } from "./choice_fields.tsx";

export interface JsonSchemaProperty {
  readonly type?: string | readonly string[];
  readonly title?: string;
  readonly description?: string;
  readonly enum?: readonly unknown[];
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly exclusiveMaximum?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly default?: unknown;
  /** A secret (`v.metadata({ writeOnly: true })`): typed in a password input, never shown. */
  readonly writeOnly?: boolean;
}

export interface ObjectSchema {
  readonly properties?: Readonly<Record<string, JsonSchemaProperty>>;
  readonly required?: readonly string[];
}

/** A text allowed longer than this is edited in a text area (a template, a letter). */
const LONG_TEXT = 300;

type Kind = "enum" | "string" | "number" | "integer" | "boolean" | null;

function kindOf(p: JsonSchemaProperty): Kind {
  if (Array.isArray(p.enum)) return "enum";
  const type = Array.isArray(p.type) ? p.type.find((t) => t !== "null") : p.type;
  return type === "string" || type === "number" || type === "integer" || type === "boolean"
    ? type
    : null;
}

/** The properties this form can edit, in schema order. */
export function editableProperties(schema: unknown): [string, JsonSchemaProperty][] {
  const props = (schema as ObjectSchema | null)?.properties ?? {};
  return Object.entries(props).filter(([, p]) => kindOf(p) !== null);
}

/** Reads the generated fields back into a settings object (blank numbers are left out). */
export function readSettings(schema: unknown, form: HTMLFormElement, prefix: string) {
  const out: Record<string, unknown> = {};
  for (const [name, p] of editableProperties(schema)) {
    const el = form.elements.namedItem(`${prefix}${name}`) as
      | HTMLInputElement
      | HTMLSelectElement
      | null;
    if (!el) continue;
    const kind = kindOf(p);
    if (kind === "boolean") out[name] = (el as HTMLInputElement).checked;
    else if (kind === "number" || kind === "integer") {
      if (el.value.trim() !== "") out[name] = Number(el.value);
    } else if (kind === "enum") {
      const picked = p.enum!.find((e) => String(e) === el.value);
      if (picked !== undefined) out[name] = picked;
    } else out[name] = el.value;
  }
  return out;
}

export function SchemaFields(props: {
  schema: unknown;
  values: Readonly<Record<string, unknown>> | null;
  /** Prefix of field names and ids, so two plugins' fields never collide. */
  prefix: string;
  error: (name: string) => string | undefined;
}) {
  const required = () => new Set((props.schema as ObjectSchema | null)?.required ?? []);
  const value = (name: string, p: JsonSchemaProperty) => props.values?.[name] ?? p.default;
  return (
    <For each={editableProperties(props.schema)}>
      {([name, p]) => {
        const id = `${props.prefix}${name}`.replace(/[^A-Za-z0-9_-]/g, "-");
        const hint = p.description && p.title ? p.description : undefined;
        const text = p.title ?? p.description ?? name;
        // A title that already says « (facultatif) » is not told so twice.
        const label = required().has(name) || /\(facultatif\)\s*$/.test(text)
          ? text
          : `${text} (facultatif)`;
        return (
          <Switch>
            <Match when={kindOf(p) === "boolean"}>
              <div class="choice">
                <input
                  type="checkbox"
                  id={id}
                  name={`${props.prefix}${name}`}
                  checked={value(name, p) === true}
                  aria-describedby={hint ? `${id}-aide` : undefined}
                />
                <label for={id}>{text}</label>
                <Show when={hint}>
                  <p class="hint" id={`${id}-aide`}>{hint}</p>
                </Show>
                <Show when={props.error(name)}>
                  <p class="field-error">{props.error(name)}</p>
                </Show>
              </div>
            </Match>
            <Match when={kindOf(p) === "enum"}>
              <SelectField
                name={`${props.prefix}${name}`}
                id={id}
                label={label}
                hint={hint}
                options={p.enum!.map((e) => ({ value: String(e), label: String(e) }))}
                value={value(name, p) === undefined ? undefined : String(value(name, p))}
                error={props.error(name)}
              />
            </Match>
            <Match when={kindOf(p) === "number" || kindOf(p) === "integer"}>
              <Field
                name={`${props.prefix}${name}`}
                id={id}
                label={label}
                hint={hint}
                type="number"
                min={p.minimum ?? p.exclusiveMinimum}
                max={p.maximum ?? p.exclusiveMaximum}
                step={kindOf(p) === "integer" ? 1 : "any"}
                value={value(name, p) === undefined ? "" : String(value(name, p))}
                error={props.error(name)}
              />
            </Match>
            <Match when={kindOf(p) === "string"}>
              <Field
                name={`${props.prefix}${name}`}
                id={id}
                label={label}
                hint={hint}
                multiline={!p.writeOnly && (p.maxLength ?? 0) > LONG_TEXT}
                type={p.writeOnly ? "password" : undefined}
                autocomplete={p.writeOnly ? "new-password" : undefined}
                minLength={p.minLength}
                maxLength={p.maxLength}
                value={p.writeOnly || value(name, p) === undefined ? "" : String(value(name, p))}
                error={props.error(name)}
              />
            </Match>
          </Switch>
        );
      }}
    </For>
  );
}
