/** The secondary navigation of the super-admin space. */
import { For } from "solid-js";
import { A } from "@solidjs/router";

const SECTIONS = [
  { href: "/super-admin/demandes", label: "Demandes administrateur" },
  { href: "/super-admin/taches", label: "Tâches" },
  { href: "/super-admin/plugins", label: "Plugins" },
  { href: "/super-admin/fournisseurs-identite", label: "Fournisseurs d’identité" },
  { href: "/super-admin/journal", label: "Journal d’audit" },
] as const;

export function SuperAdminNav() {
  return (
    <nav class="sub-nav" aria-label="Super-admin">
      <ul>
        <For each={SECTIONS}>
          {(s) => (
            <li>
              <A href={s.href} class="sub-nav__link" activeClass="sub-nav__link--active">
                {s.label}
              </A>
            </li>
          )}
        </For>
      </ul>
    </nav>
  );
}
