/**
 * Under the search, when words of it were matched whole only: more words start with them than
 * a search can look through as a beginning (`MAX_EXPANSION` in core/db/search.ts), so the
 * instructeur is told to type more letters.
 */
import { Show } from "solid-js";

const quoted = (words: readonly string[]) => words.map((w) => `« ${w} »`).join(", ");

export function WholeWordsNotice(props: { words: readonly string[] }) {
  return (
    <Show when={props.words.length > 0}>
      <p class="notice" role="status">
        {`Recherche sur ${props.words.length === 1 ? "le mot entier" : "les mots entiers"} ${
          quoted(props.words)
        } : trop de mots commencent ainsi. Tapez plus de lettres pour chercher un début de mot.`}
      </p>
    </Show>
  );
}
