/**
 * The account menu of the header: a disclosure button showing the address, opening links
 * to the account and the sign-out button. Escape or a click elsewhere closes it.
 */
import { createSignal, onCleanup, Show } from "solid-js";
import { A, useNavigate } from "@solidjs/router";
import type { Account } from "../session.tsx";
import { useSession } from "../session.tsx";

export function AccountMenu(props: { account: Account }) {
  const session = useSession();
  const navigate = useNavigate();
  const [open, setOpen] = createSignal(false);
  let root!: HTMLDivElement;
  let button!: HTMLButtonElement;

  const onDocumentClick = (event: MouseEvent) => {
    if (open() && !root.contains(event.target as Node)) setOpen(false);
  };
  document.addEventListener("click", onDocumentClick);
  onCleanup(() => document.removeEventListener("click", onDocumentClick));

  const signOut = async () => {
    setOpen(false);
    const logoutUrl = await session.signOut();
    // A session opened through FranceConnect or ProConnect ends there too.
    if (logoutUrl) globalThis.location.assign(logoutUrl);
    else navigate("/", { state: { flash: "Vous êtes déconnecté." } });
  };

  return (
    <div
      class="account-menu"
      ref={root}
      onKeyDown={(event) => {
        if (event.key === "Escape" && open()) {
          setOpen(false);
          button.focus();
        }
      }}
    >
      <button
        ref={button}
        type="button"
        class="account-menu__button"
        aria-expanded={open()}
        aria-controls="menu-compte"
        onClick={() => setOpen(!open())}
      >
        <span class="visually-hidden">Compte :</span>
        <span class="account-menu__email">{props.account.email}</span>
        <span class="account-menu__caret" aria-hidden="true">▾</span>
      </button>
      <Show when={open()}>
        <ul class="account-menu__list" id="menu-compte">
          <li>
            <A href="/compte" onClick={() => setOpen(false)}>Mon compte</A>
          </li>
          <li>
            <button type="button" class="link-button" onClick={signOut}>Se déconnecter</button>
          </li>
        </ul>
      </Show>
    </div>
  );
}
