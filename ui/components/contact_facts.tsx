/**
 * How to reach a démarche's service — e-mail, phone, address, hours — as rows of the
 * caller's `<dl>`; each row only when it is filled in.
 */
import { Show } from "solid-js";

export interface Contact {
  readonly email?: string;
  readonly telephone?: string;
  readonly adresse?: string;
  readonly horaires?: string;
}

export function ContactFacts(props: { contact: Contact }) {
  const c = () => props.contact;
  return (
    <>
      <Show when={c().email}>
        <div>
          <dt>E-mail</dt>
          <dd>
            <a href={`mailto:${c().email}`}>{c().email}</a>
          </dd>
        </div>
      </Show>
      <Show when={c().telephone}>
        <div>
          <dt>Téléphone</dt>
          <dd>
            <a href={`tel:${c().telephone!.replace(/\s/g, "")}`}>{c().telephone}</a>
          </dd>
        </div>
      </Show>
      <Show when={c().adresse}>
        <div>
          <dt>Adresse</dt>
          <dd class="pre-line">{c().adresse}</dd>
        </div>
      </Show>
      <Show when={c().horaires}>
        <div>
          <dt>Horaires</dt>
          <dd class="pre-line">{c().horaires}</dd>
        </div>
      </Show>
    </>
  );
}
