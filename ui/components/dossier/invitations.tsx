/**
 * Co-construction, owner side: « Inviter quelqu’un à compléter ce dossier » by e-mail, for
 * the whole dossier or chosen sections (the rest read-only or hidden), as the boat owner
 * asks the expert for the technical characteristics; the invitations with « Retirer ».
 */
import { createResource, createSignal, For, Show } from "solid-js";
import { api, type Problem, problemOf } from "../../api.ts";
import type { ChampDescriptor } from "../../../core/shared/form.ts";
import { formatDate } from "../../format.ts";
import { FormAlert } from "../form_alert.tsx";

interface Scope {
  readonly sections?: readonly string[];
  readonly hideOthers?: boolean;
}

export function Invitations(props: { dossierId: number; champs: readonly ChampDescriptor[] }) {
  const [list, { refetch }] = createResource(
    () => props.dossierId,
    (dossierId) => api.usager.invitations.list.query({ dossierId }),
  );
  const sections = () => props.champs.filter((c) => c.type === "header_section");
  const sectionLabel = (id: string) => sections().find((s) => s.stableId === id)?.label ?? id;
  const [whole, setWhole] = createSignal(true);
  const [chosen, setChosen] = createSignal<readonly string[]>([]);
  const [hideOthers, setHideOthers] = createSignal(false);
  const [problem, setProblem] = createSignal<Problem | null>(null);
  const [pending, setPending] = createSignal(false);
  const [done, setDone] = createSignal<string | null>(null);
  let form!: HTMLFormElement;

  const toggle = (id: string, on: boolean) =>
    setChosen(on ? [...chosen(), id] : chosen().filter((s) => s !== id));

  async function invite(event: SubmitEvent) {
    event.preventDefault();
    if (pending()) return;
    const data = new FormData(form);
    const email = String(data.get("email") ?? "").trim();
    if (!whole() && chosen().length === 0) {
      setProblem({
        message: "Choisissez au moins une section, ou invitez pour tout le dossier.",
        fields: { sections: "Choisissez au moins une section." },
      });
      return;
    }
    setPending(true);
    setProblem(null);
    setDone(null);
    try {
      await api.usager.invitations.invite.mutate({
        dossierId: props.dossierId,
        email,
        message: String(data.get("message") ?? ""),
        scope: whole() ? {} : { sections: [...chosen()], hideOthers: hideOthers() },
      });
      form.reset();
      setWhole(true);
      setChosen([]);
      setHideOthers(false);
      await refetch();
      setDone(email);
    } catch (e) {
      setProblem(problemOf(e));
    } finally {
      setPending(false);
    }
  }

  async function revoke(invitationId: number) {
    setProblem(null);
    setDone(null);
    try {
      await api.usager.invitations.revoke.mutate({ dossierId: props.dossierId, invitationId });
      await refetch();
    } catch (e) {
      setProblem(problemOf(e));
    }
  }

  const scopeText = (raw: unknown) => {
    const s = (raw ?? {}) as Scope;
    if (!s.sections?.length) return "Tout le dossier";
    return `${s.sections.map((id) => `« ${sectionLabel(id)} »`).join(", ")} ; le reste ${
      s.hideOthers ? "caché" : "en lecture seule"
    }`;
  };
  const active = () => (list.latest ?? []).filter((i) => !i.revoked);
  const fieldError = (name: string) => problem()?.fields[name];

  return (
    <section class="dossier-section invitations" aria-labelledby="inviter-titre">
      <h2 id="inviter-titre">Inviter quelqu’un à compléter ce dossier</h2>
      <p class="hint">
        Une personne qui connaît mieux que vous certaines informations (l’expert qui a visité votre
        bateau, par exemple) peut les saisir elle-même. Elle reçoit un lien par e-mail. Vous seul
        déposez le dossier.
      </p>
      <Show when={active().length > 0}>
        <h3>Personnes invitées</h3>
        <ul class="invitations__list">
          <For each={active()}>
            {(i) => (
              <li class="invitations__item">
                <span>
                  <strong>{i.email}</strong>
                  <span class="hint">
                    {scopeText(i.scope)} — invitée le {formatDate(i.created_at)}
                  </span>
                </span>
                <button
                  type="button"
                  class="button button--secondary button--small"
                  onClick={() => revoke(i.id)}
                >
                  Retirer<span class="visually-hidden">l’invitation de {i.email}</span>
                </button>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <form ref={form} class="form invitations__form" onSubmit={invite} novalidate>
        <FormAlert problem={problem()} />
        <Show when={done()}>
          {(email) => (
            <p class="notice notice--success" role="status">
              Invitation envoyée à {email()}.
            </p>
          )}
        </Show>
        <div class="field" classList={{ "field--error": !!fieldError("email") }}>
          <label for="invitation-email">Adresse e-mail de la personne</label>
          <Show when={fieldError("email")}>
            <p class="field-error" id="invitation-email-erreur">{fieldError("email")}</p>
          </Show>
          <input
            id="invitation-email"
            name="email"
            type="email"
            autocomplete="off"
            required
            aria-describedby={fieldError("email") ? "invitation-email-erreur" : undefined}
            aria-invalid={fieldError("email") ? true : undefined}
          />
        </div>
        <div class="field">
          <label for="invitation-message">Message (facultatif)</label>
          <p class="hint" id="invitation-message-aide">Joint à l’e-mail d’invitation.</p>
          <textarea
            id="invitation-message"
            name="message"
            rows={3}
            maxLength={2000}
            aria-describedby="invitation-message-aide"
          />
        </div>
        <fieldset class="field">
          <legend>Ce que la personne peut compléter</legend>
          <div class="choice-list">
            <div class="check">
              <input
                id="invitation-tout"
                type="radio"
                name="portee"
                checked={whole()}
                onChange={() => setWhole(true)}
              />
              <label for="invitation-tout">Tout le dossier</label>
            </div>
            <Show when={sections().length > 0}>
              <div class="check">
                <input
                  id="invitation-sections"
                  type="radio"
                  name="portee"
                  checked={!whole()}
                  onChange={() => setWhole(false)}
                />
                <label for="invitation-sections">Seulement certaines sections</label>
              </div>
            </Show>
          </div>
        </fieldset>
        <Show when={!whole()}>
          <fieldset
            class="field invitations__sections"
            classList={{ "field--error": !!fieldError("sections") }}
          >
            <legend>Sections à compléter</legend>
            <Show when={fieldError("sections")}>
              <p class="field-error">{fieldError("sections")}</p>
            </Show>
            <div class="choice-list">
              <For each={sections()}>
                {(s) => (
                  <div class="check">
                    <input
                      id={`invitation-section-${s.stableId}`}
                      type="checkbox"
                      checked={chosen().includes(s.stableId)}
                      onChange={(e) => toggle(s.stableId, e.currentTarget.checked)}
                    />
                    <label for={`invitation-section-${s.stableId}`}>{s.label}</label>
                  </div>
                )}
              </For>
            </div>
          </fieldset>
          <fieldset class="field invitations__sections">
            <legend>Le reste du dossier est :</legend>
            <div class="choice-list">
              <div class="check">
                <input
                  id="invitation-reste-visible"
                  type="radio"
                  name="reste"
                  checked={!hideOthers()}
                  onChange={() => setHideOthers(false)}
                />
                <label for="invitation-reste-visible">visible en lecture seule</label>
              </div>
              <div class="check">
                <input
                  id="invitation-reste-cache"
                  type="radio"
                  name="reste"
                  checked={hideOthers()}
                  onChange={() => setHideOthers(true)}
                />
                <label for="invitation-reste-cache">caché</label>
              </div>
            </div>
          </fieldset>
        </Show>
        <div class="form__actions">
          <button type="submit" class="button button--secondary" disabled={pending()}>
            Envoyer l’invitation
          </button>
        </div>
      </form>
    </section>
  );
}
