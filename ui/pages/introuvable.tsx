/** Any unknown path. */
import { A } from "@solidjs/router";
import { Page } from "../components/page.tsx";

export default function Introuvable() {
  return (
    <Page title="Page introuvable">
      <p>
        L’adresse que vous avez suivie ne correspond à aucune page. Elle est peut-être mal copiée,
        ou la page a été déplacée.
      </p>
      <p>
        <A href="/" class="button">Retour à l’accueil</A>
      </p>
    </Page>
  );
}
