/**
 * Forms read from their JSON once, then kept: a dossier's form is parsed (valibot, hundreds
 * of champs at most) on every save, and a published revision never changes. Keyed by the
 * JSON itself, so a draft form edited since is a new entry, and two instances in one process
 * never mix theirs. The forms handed out are frozen: they are shared by every reader, and the
 * champ schemas of `values.ts` are kept with their descriptors.
 */
import { parseForm } from "../demarches/codecs.ts";
import type { Form } from "../shared/form.ts";

/** Forms kept, the least recently read dropped first: more than the live démarches of most instances. */
const LIMIT = 64;

const forms = new Map<string, Form>();

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

/** The form stored as `json`, parsed (throws if it is not a form), shared and frozen. */
export function cachedForm(json: string): Form {
  const kept = forms.get(json);
  if (kept) {
    // Read again: moved to the end, the last to go.
    forms.delete(json);
    forms.set(json, kept);
    return kept;
  }
  const form = deepFreeze(parseForm(json));
  if (forms.size >= LIMIT) forms.delete(forms.keys().next().value!);
  forms.set(json, form);
  return form;
}
