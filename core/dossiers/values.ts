/**
 * Checking a dossier's champ values against its form, with each champ type's own schema.
 * Pure: the registry of champ types and the clock are passed in.
 *
 * A save checks every value of the form, on every pause in typing: building each champ's
 * valibot schema (options parsed, pipes, messages) cost more than running it. So the schema
 * of a champ is kept with its descriptor (`compile`) while the minute lasts, with the
 * last short value it checked and what came of it; the forms read through `form_cache.ts`
 * keep the same descriptors from one save to the next.
 */
import * as v from "valibot";
import type { ChampType, StoredFile } from "../plugin_sdk/types.ts";
import type { Registry } from "../plugin_host/host.ts";
import type { ChampDescriptor } from "../shared/form.ts";
import { evaluate, isBlank } from "../shared/conditions.ts";
import { visibleChamps } from "../shared/visibility.ts";

type Values = Record<string, unknown>;

export interface CheckResult {
  /** Values as stored: normalized by their type where valid, as typed otherwise. */
  readonly values: Values;
  /** French message per stable id (`row.index.child` inside repetition blocks). */
  readonly errors: Record<string, string>;
  /** Uploaded file ids the valid values refer to, per champ key. */
  readonly files: Record<string, readonly string[]>;
}

const MINUTE_MS = 60_000;

type Short = string | number | boolean;

interface Compiled {
  readonly type: ChampType;
  /** The minute it was built in (ms since the epoch ÷ 60,000). */
  readonly minute: number;
  readonly schema: v.GenericSchema;
  /** The last short value checked with it, and what came of it (output, or the message). */
  last?: { readonly value: Short; readonly output: Short; readonly message: string | null };
}

const compiled = new WeakMap<ChampDescriptor, Compiled>();

/** The schema kept with champ `d`, if it was built this minute for this `type` (`compile`). */
function keptFor(d: ChampDescriptor, type: ChampType, minute: number): Compiled | undefined {
  const kept = compiled.get(d);
  return kept !== undefined && kept.minute === minute && kept.type === type ? kept : undefined;
}

/**
 * The value schema of champ `d` of `type`, built with `now` and kept with the descriptor:
 * reused within the same minute, as long as the registry gives the same type (`keptFor`). A
 * type's checks against the clock (« date passée ») are to the minute at most, so a schema
 * built earlier in the minute answers as one built now. Never for a type holding files: its
 * schema reads the stored files of this dossier and this person (`ctx.file`), it is built for
 * each check.
 */
function compile(d: ChampDescriptor, type: ChampType, now: Date, minute: number): Compiled {
  // No `file`: a kept schema must not hold one person's files for the next.
  const options = type.options ? v.parse(type.options, d.options) : {};
  const fresh: Compiled = { type, minute, schema: type.value(options, { now }) };
  compiled.set(d, fresh);
  return fresh;
}

/**
 * A value worth remembering the check of: a save checks every champ of the form again, and
 * all but the one being typed hold what they held at the last save. Long texts are not kept
 * (memory), nor anything but plain values (an output is shared between checks).
 */
const isShort = (x: unknown): x is Short =>
  (typeof x === "string" && x.length <= 200) || typeof x === "number" ||
  typeof x === "boolean";

function isEmptyFor(type: ChampType | undefined, value: unknown): boolean {
  if (type?.isEmpty) return type.isEmpty(value ?? null);
  return isBlank(value);
}

function checkOne(
  d: ChampDescriptor,
  value: unknown,
  ctx: {
    types: Registry<ChampType>;
    now: Date;
    /** `now` in minutes since the epoch: which kept schemas are current. */
    minute: number;
    deposit: boolean;
    file?: (id: string) => StoredFile | undefined;
    files: Record<string, readonly string[]>;
    /** Values of the visible champs before this one, for conditions inside blocks. */
    outer: Values;
  },
  key: string,
  errors: Record<string, string>,
  /** A champ inside a repetition block: its own `children`, if any, are not read. */
  inBlock = false,
): unknown {
  const type = ctx.types.get(d.type);
  if (!type || type.fillable === false) return undefined;
  const kept = keptFor(d, type, ctx.minute);
  // The value this champ's current schema checked last is answered as then, before anything
  // else: it passed the checks below (not empty, not a block, no files) for the same type.
  const last = kept?.last;
  if (last !== undefined && last.value === value) {
    if (last.message !== null) errors[key] = `« ${d.label} » : ${last.message}`;
    return last.output;
  }
  if (isEmptyFor(type, value)) {
    if (ctx.deposit && d.mandatory) errors[key] = `Le champ « ${d.label} » est obligatoire.`;
    return isBlank(value) ? undefined : value;
  }
  if (type.container) {
    if (!Array.isArray(value)) {
      errors[key] = `Le bloc « ${d.label} » est mal formé.`;
      return undefined;
    }
    return value.map((row, i) => {
      const out: Values = {};
      const cells = row && typeof row === "object" ? row as Values : {};
      // A child's condition reads earlier children of its row, or champs before the block.
      const seen: Values = { ...ctx.outer };
      for (const child of (inBlock ? undefined : d.children) ?? []) {
        if (child.condition && !evaluate(child.condition, seen)) continue;
        seen[child.stableId] = cells[child.stableId];
        const checked = checkOne(
          child,
          cells[child.stableId],
          ctx,
          `${key}.${i}.${child.stableId}`,
          errors,
          true,
        );
        if (checked !== undefined) out[child.stableId] = checked;
      }
      return out;
    });
  }
  if (!type.files) {
    const schema = kept ?? compile(d, type, ctx.now, ctx.minute);
    const parsed = v.safeParse(schema.schema, value);
    const message = parsed.success ? null : parsed.issues[0].message;
    const output = parsed.success ? parsed.output : value;
    if (isShort(value) && isShort(output)) schema.last = { value, output, message };
    if (message !== null) errors[key] = `« ${d.label} » : ${message}`;
    return output;
  }
  // A type holding files: its schema is built for this check, with this dossier's files.
  const options = type.options ? v.parse(type.options, d.options) : {};
  const parsed = v.safeParse(type.value(options, { now: ctx.now, file: ctx.file }), value);
  if (!parsed.success) {
    errors[key] = `« ${d.label} » : ${parsed.issues[0].message}`;
    // Files are kept as stored (name, size, type), even while one of them is refused.
    return parsed.typed ? parsed.output : value;
  }
  ctx.files[key] = type.files(parsed.output);
  return parsed.output;
}

/**
 * Checks the values of the visible champs. While filling (`deposit: false`) only typed
 * values are checked; at deposit every visible mandatory champ must be filled too. Values
 * of hidden champs are dropped: they would otherwise be deposited unseen. With `file`, the
 * files values name are described by what the server stored (see `ValueContext.file`).
 */
export function checkValues(
  champs: readonly ChampDescriptor[],
  input: Readonly<Values>,
  opts: {
    types: Registry<ChampType>;
    now: Date;
    deposit: boolean;
    file?: (id: string) => StoredFile | undefined;
  },
): CheckResult {
  // A form without conditions shows every champ, and nothing reads what came before.
  const conditional = hasConditions(champs);
  const visible = conditional ? visibleChamps(champs, input) : null;
  const values: Values = {};
  const errors: Record<string, string> = {};
  const files: Record<string, readonly string[]> = {};
  const outer: Values = {};
  const ctx = { ...opts, minute: Math.floor(opts.now.getTime() / MINUTE_MS), files, outer };
  for (const d of champs) {
    if (visible && !visible.has(d.stableId)) continue;
    const checked = checkOne(d, input[d.stableId], ctx, d.stableId, errors);
    if (conditional) outer[d.stableId] = input[d.stableId];
    if (checked !== undefined) values[d.stableId] = checked;
  }
  return { values, errors, files };
}

const conditionsOf = new WeakMap<readonly ChampDescriptor[], boolean>();

/**
 * Whether a champ of `champs` (blocks' children included) has a condition; kept with the
 * frozen champs of a shared form (`form_cache.ts`), which a save checks again and again.
 */
function hasConditions(champs: readonly ChampDescriptor[]): boolean {
  let kept = conditionsOf.get(champs);
  if (kept === undefined) {
    kept = champs.some((c) => Boolean(c.condition) || (c.children ?? []).some((k) => k.condition));
    if (Object.isFrozen(champs)) conditionsOf.set(champs, kept);
  }
  return kept;
}
