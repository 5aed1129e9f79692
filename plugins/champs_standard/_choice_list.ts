/** The list of options an administrator offers in a choice champ: trimmed, none blank, no twins. */
import * as v from "valibot";
import { quoted } from "./_helpers.ts";

/** First option that appears twice, if any. */
export function firstDuplicate(list: readonly string[]): string | undefined {
  return list.find((item, i) => list.indexOf(item) !== i);
}

/** Schema of a list of options, `[]` by default. */
export function choiceList(what = "Les options") {
  return v.optional(
    v.pipe(
      v.array(
        v.pipe(
          v.string("Chaque option doit être un texte"),
          v.trim(),
          v.minLength(1, "Une option ne peut pas être vide : supprimez-la ou nommez-la"),
        ),
        `${what} doivent former une liste`,
      ),
      v.check(
        (list) => firstDuplicate(list) === undefined,
        (issue) =>
          `${what} doivent être différentes : ${
            quoted(firstDuplicate(issue.input as string[]) ?? "")
          } apparaît plusieurs fois`,
      ),
    ),
    [],
  );
}
