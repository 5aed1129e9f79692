/**
 * `/mot-de-passe/nouveau?jeton=`: sets a password from an e-mailed link (forgotten password,
 * first password of an invited person or an accepted administrator). An invitation's link
 * says who invites the person to what and shows their address; once the password is saved
 * the person lands on what they were invited to (the dossier, the avis…), else their space.
 */
import { createResource, For, Match, Show, Switch } from "solid-js";
import { A, useNavigate } from "@solidjs/router";
import { api, problemOf } from "../api.ts";
import { Field } from "../components/field.tsx";
import { PasswordField } from "../components/password_field.tsx";
import { FormAlert } from "../components/form_alert.tsx";
import { Page } from "../components/page.tsx";
import { useForm } from "../components/use_form.ts";
import { MISSING_TOKEN, useToken } from "../components/use_token.ts";
import { homeOf, safeReturn, useSession } from "../session.tsx";

const MISMATCH = "Les deux mots de passe ne sont pas identiques.";

type LinkInfo = Awaited<ReturnType<typeof api.auth.passwordLink.query>>;
type Invitation = NonNullable<LinkInfo["invitation"]>;

/** « camille@exemple.fr vous invite à compléter le dossier n° 12 … », in one sentence. */
function invitationSentence(i: Invitation): string {
  const by = i.par ? `${i.par} vous invite` : "Vous êtes invité";
  const demarche = i.demarche ? ` de la démarche « ${i.demarche} »` : "";
  switch (i.kind) {
    case "coconstruction":
      return `${by} à compléter son dossier n° ${i.dossier}${demarche}.`;
    case "avis":
      return `${by} à donner votre avis sur le dossier n° ${i.dossier}${demarche}.`;
    case "instructeur":
      return `${by} à instruire les dossiers${demarche}.`;
    case "administrateur":
      return "Votre demande de compte administrateur est acceptée : vous pourrez créer et publier des démarches.";
  }
}

export default function MotDePasseNouveau() {
  const token = useToken();
  const session = useSession();
  const navigate = useNavigate();
  const [info] = createResource(
    () => token() || null,
    (jeton) => api.auth.passwordLink.query({ token: jeton }),
  );
  const form = useForm(async (data) => {
    if (!token()) return form.fail(MISSING_TOKEN);
    if (data.password !== data.confirmation) {
      return form.fail(MISMATCH, { confirmation: MISMATCH });
    }
    const { signedIn } = await api.auth.setPassword.mutate({
      token: token(),
      password: data.password,
    });
    const invitation = info()?.invitation;
    if (!signedIn) {
      // An account with the double authentification signs in with its code.
      const retour = safeReturn(invitation?.retour);
      navigate(`/connexion${retour ? `?retour=${encodeURIComponent(retour)}` : ""}`, {
        replace: true,
        state: { flash: "Votre mot de passe est enregistré : connectez-vous avec votre code." },
      });
      return;
    }
    const account = await session.refresh();
    navigate(safeReturn(invitation?.retour) ?? homeOf(account), {
      replace: true,
      state: {
        flash: invitation
          ? "Votre mot de passe est enregistré : bienvenue sur Guichet."
          : "Votre mot de passe est enregistré : vous êtes connecté.",
      },
    });
  });
  return (
    <Switch>
      <Match when={!token() || info.error}>
        <Page title="Ce lien ne fonctionne plus">
          <div class="notice notice--error" role="alert">
            {token() ? problemOf(info.error).message : MISSING_TOKEN}
          </div>
          <p>
            Si vous avez déjà choisi votre mot de passe,{" "}
            <A href="/connexion">connectez-vous</A>. Sinon,{" "}
            <A href="/mot-de-passe/oublie">demandez un nouveau lien</A> avec votre adresse e-mail.
          </p>
        </Page>
      </Match>
      <Match when={info()}>
        {(i) => (
          <Page title={i().invitation ? "Bienvenue sur Guichet" : "Choisir un mot de passe"}>
            <Show when={i().invitation}>
              {(invitation) => (
                <div class="notice" role="note">
                  <p>
                    <strong>{invitationSentence(invitation())}</strong>
                  </p>
                  <Show when={invitation().sections?.length}>
                    <p>
                      Vous pourrez remplir{" "}
                      {invitation().sections!.length > 1 ? "les sections" : "la section"} :
                    </p>
                    <ul>
                      <For each={invitation().sections}>{(s) => <li>{s}</li>}</For>
                    </ul>
                  </Show>
                  <p>
                    Choisissez votre mot de passe : vous arriverez ensuite directement{" "}
                    {invitation().kind === "coconstruction"
                      ? "sur le dossier"
                      : invitation().kind === "avis"
                      ? "sur la demande d’avis"
                      : invitation().kind === "instructeur"
                      ? "sur les dossiers à instruire"
                      : "dans votre espace administrateur"}.
                  </p>
                </div>
              )}
            </Show>
            <form class="form" onSubmit={form.onSubmit} novalidate>
              <FormAlert problem={form.problem()} />
              <Field
                name="email"
                label="Votre adresse e-mail"
                type="email"
                autocomplete="username"
                value={i().email}
                readOnly
                hint="C’est l’adresse de votre compte : vous vous connecterez avec elle."
              />
              <PasswordField
                name="password"
                label={i().invitation ? "Mot de passe" : "Nouveau mot de passe"}
                email={() => i().email}
                error={form.error("password")}
              />
              <Field
                name="confirmation"
                label="Confirmez le mot de passe"
                type="password"
                autocomplete="new-password"
                required
                error={form.error("confirmation")}
              />
              <div class="form__actions">
                <button type="submit" class="button" disabled={form.pending()}>
                  {i().invitation ? "Enregistrer et continuer" : "Enregistrer le mot de passe"}
                </button>
              </div>
            </form>
          </Page>
        )}
      </Match>
    </Switch>
  );
}
