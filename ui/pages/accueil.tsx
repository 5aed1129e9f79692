/** `/`: what Guichet is, and the next step for each kind of visitor. */
import { Show } from "solid-js";
import { A } from "@solidjs/router";
import { Page } from "../components/page.tsx";
import { useSession } from "../session.tsx";

export default function Accueil() {
  const session = useSession();
  return (
    <Page
      title="Vos démarches administratives, en ligne"
      intro={
        <p>
          Guichet permet à une administration de mettre ses démarches en ligne, et à chacun de les
          remplir, de les déposer et d’en suivre l’avancement, sans papier ni déplacement.
        </p>
      }
    >
      <Show
        when={session.account()}
        fallback={
          <div class="actions">
            <A href="/inscription" class="button">Créer un compte</A>
            <A href="/connexion" class="button button--secondary">Se connecter</A>
          </div>
        }
      >
        <div class="actions">
          <Show when={session.hasRole("administrateur")}>
            <A href="/admin" class="button">Aller à l’espace administrateur</A>
          </Show>
          <A
            href="/compte"
            class="button"
            classList={{ "button--secondary": session.hasRole("administrateur") }}
          >
            Mon compte
          </A>
        </div>
      </Show>

      <div class="cards">
        <section class="card" aria-labelledby="pour-usagers">
          <h2 id="pour-usagers">Vous faites une démarche</h2>
          <p>
            Suivez le lien que l’administration vous a donné. Avec un compte, vous retrouvez vos
            dossiers, les messages de l’administration et ses décisions.
          </p>
        </section>
        <section class="card" aria-labelledby="pour-administrations">
          <h2 id="pour-administrations">Vous êtes une administration</h2>
          <p>
            Commune, service, association de communes : demandez un compte administrateur pour créer
            vos formulaires, les tester avec vos agents et les publier.
          </p>
          <p>
            <A href="/administrateur/demande">Demander un compte administrateur</A>
          </p>
        </section>
      </div>
    </Page>
  );
}
