/** Ten codes de secours, shown once, with a button to copy them all. */
import { createSignal, For } from "solid-js";

export function RecoveryCodes(props: { codes: readonly string[] }) {
  const [copied, setCopied] = createSignal(false);
  const copy = async () => {
    await navigator.clipboard.writeText(props.codes.join("\n"));
    setCopied(true);
  };
  return (
    <section class="notice notice--success" aria-labelledby="titre-codes-secours">
      <h3 id="titre-codes-secours">Vos codes de secours</h3>
      <p>
        Chacun remplace une fois le code de l’application, si vous n’avez plus votre téléphone.
        Notez-les ou imprimez-les et gardez-les en lieu sûr :{" "}
        <strong>ils ne seront plus jamais affichés.</strong>
      </p>
      <ol class="recovery-codes" aria-label="Codes de secours">
        <For each={props.codes}>
          {(code) => (
            <li>
              <code>{code}</code>
            </li>
          )}
        </For>
      </ol>
      <button type="button" class="button button--secondary button--small" onClick={copy}>
        Copier les codes
      </button>
      <span role="status">{copied() ? " Codes copiés." : ""}</span>
    </section>
  );
}
