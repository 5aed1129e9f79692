/**
 * The démarche's logo on its settings page: choose an image, it is uploaded and set at
 * once, with a preview; or remove it. Shown on the démarche's public page.
 */
import { createSignal, Show } from "solid-js";
import { api, problemOf, uploadSoundFile } from "../../api.ts";

export function LogoField(
  props: { demarcheId: number; fileId: string | null; reload: () => Promise<unknown> },
) {
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const [checking, setChecking] = createSignal(false);
  const set = async (fileId: string | null) => {
    setBusy(true);
    setError(null);
    try {
      await api.admin.demarches.setLogo.mutate({ id: props.demarcheId, fileId });
      await props.reload();
    } catch (e) {
      setError(problemOf(e).message);
    } finally {
      setBusy(false);
    }
  };
  const choose = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    input.value = "";
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      // Set once the antivirus has found it sound: the server takes no other.
      const uploaded = await uploadSoundFile(file, { onChecking: () => setChecking(true) });
      setChecking(false);
      await set(uploaded.fileId);
    } catch (e) {
      setChecking(false);
      setError(problemOf(e).message);
      setBusy(false);
    }
  };
  return (
    <div class="form">
      <div class="field logo-field">
        <label for="logo">Logo (facultatif)</label>
        <p class="hint" id="logo-aide">
          Image PNG, JPEG, WebP ou GIF de 1 Mo au plus, affichée sur la page de la démarche.
        </p>
        <Show when={props.fileId}>
          {(id) => (
            <p class="logo-field__preview">
              <img src={`/files/${id()}`} alt="Logo actuel de la démarche" height="64" />
              <button
                type="button"
                class="button button--secondary"
                disabled={busy()}
                onClick={() => set(null)}
              >
                Retirer le logo
              </button>
            </p>
          )}
        </Show>
        <input
          id="logo"
          type="file"
          accept="image/png,image/jpeg,image/webp,image/gif"
          aria-describedby={error() ? "logo-aide logo-erreur" : "logo-aide"}
          aria-invalid={error() ? "true" : undefined}
          disabled={busy()}
          onChange={(e) => choose(e.currentTarget)}
        />
        <Show when={busy()}>
          <p class="hint" role="status">
            {checking() ? "Logo en cours de vérification par l’antivirus…" : "Envoi du logo…"}
          </p>
        </Show>
        <Show when={error()}>
          <p class="field-error" id="logo-erreur">{error()}</p>
        </Show>
      </div>
    </div>
  );
}
