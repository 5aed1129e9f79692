/** `/administrateur/demande`: asks the super-admin for an administrator account. */
import { createSignal, Show } from "solid-js";
import { A } from "@solidjs/router";
import { api } from "../api.ts";
import { Field } from "../components/field.tsx";
import { FormAlert } from "../components/form_alert.tsx";
import { Page } from "../components/page.tsx";
import { useForm } from "../components/use_form.ts";
import { useSession } from "../session.tsx";

export default function AdministrateurDemande() {
  const session = useSession();
  const [sentFor, setSentFor] = createSignal<string | null>(null);
  const form = useForm(async (data) => {
    await api.auth.requestAdminAccount.mutate({
      nom: data.nom,
      organisation: data.organisation,
      email: data.email,
      motif: data.motif,
    });
    setSentFor(data.email.trim());
  });
  return (
    <Show
      when={sentFor()}
      fallback={
        <Page
          title="Demander un compte administrateur"
          intro={
            <p>
              Un compte administrateur permet de créer des démarches et de les publier. Chaque
              demande est examinée par la personne qui gère cette instance de Guichet.
            </p>
          }
        >
          <form class="form" onSubmit={form.onSubmit} novalidate>
            <FormAlert problem={form.problem()} />
            <Field
              name="nom"
              label="Nom et prénom"
              autocomplete="name"
              required
              error={form.error("nom")}
            />
            <Field
              name="organisation"
              label="Organisation"
              autocomplete="organization"
              hint="Commune, service, association de communes…"
              required
              error={form.error("organisation")}
            />
            <Field
              name="email"
              label="Adresse e-mail professionnelle"
              type="email"
              autocomplete="work email"
              value={session.account()?.email ?? ""}
              hint="La réponse y sera envoyée, avec le lien pour accéder à votre compte."
              required
              error={form.error("email")}
            />
            <Field
              name="motif"
              label="Démarche que vous souhaitez mettre en ligne"
              multiline
              hint="Quelques lignes suffisent : de quoi s’agit-il, et pour qui ?"
              required
              error={form.error("motif")}
            />
            <div class="form__actions">
              <button type="submit" class="button" disabled={form.pending()}>
                Envoyer la demande
              </button>
            </div>
          </form>
        </Page>
      }
    >
      {(email) => (
        <Page title="Demande envoyée">
          <p>
            Votre demande est enregistrée. Dès qu’elle aura été examinée, vous recevrez un e-mail à
            {" "}
            <strong>{email()}</strong>.
          </p>
          <p>
            <A href="/">Retour à l’accueil</A>
          </p>
        </Page>
      )}
    </Show>
  );
}
