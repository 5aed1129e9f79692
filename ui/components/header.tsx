/** The site header: product name, the spaces this account has, and the account menu. */
import { For, Show } from "solid-js";
import { A, useLocation } from "@solidjs/router";
import { type Role, useSession } from "../session.tsx";
import { AccountMenu } from "./account_menu.tsx";

/** Spaces that exist so far, each shown only to the role it serves. */
const SPACES: readonly { role: Role; href: string; label: string }[] = [
  { role: "usager", href: "/dossiers", label: "Mes dossiers" },
  { role: "instructeur", href: "/instruction", label: "Instruction" },
  { role: "expert", href: "/avis", label: "Avis" },
  { role: "administrateur", href: "/admin", label: "Administration" },
  { role: "super_admin", href: "/super-admin/demandes", label: "Super-admin" },
];

export function Header() {
  const session = useSession();
  const location = useLocation();
  const spaces = () => SPACES.filter((s) => session.hasRole(s.role));
  // Choosing the password of an account one was invited to: « Créer un compte » would lead
  // astray, since the account exists already.
  const fromLink = () => location.pathname === "/mot-de-passe/nouveau";
  return (
    <header class="site-header">
      <div class="container site-header__inner">
        <A href="/" class="brand" end>
          <span class="brand__mark" aria-hidden="true">G</span>
          <span class="brand__name">Guichet</span>
        </A>
        <Show when={session.account() !== undefined}>
          <Show
            when={session.account()}
            fallback={
              <nav class="site-nav" aria-label="Accès">
                <ul>
                  <li>
                    <A
                      href="/connexion"
                      class="site-nav__link"
                      activeClass="site-nav__link--active"
                    >
                      Se connecter
                    </A>
                  </li>
                  <Show when={!fromLink()}>
                    <li>
                      <A
                        href="/inscription"
                        class="site-nav__link"
                        activeClass="site-nav__link--active"
                      >
                        Créer un compte
                      </A>
                    </li>
                  </Show>
                </ul>
              </nav>
            }
          >
            {(account) => (
              <>
                <Show when={spaces().length > 0}>
                  <nav class="site-nav" aria-label="Espaces">
                    <ul>
                      <For each={spaces()}>
                        {(space) => (
                          <li>
                            <A
                              href={space.href}
                              class="site-nav__link"
                              activeClass="site-nav__link--active"
                            >
                              {space.label}
                            </A>
                          </li>
                        )}
                      </For>
                    </ul>
                  </nav>
                </Show>
                <AccountMenu account={account()} />
              </>
            )}
          </Show>
        </Show>
      </div>
    </header>
  );
}
