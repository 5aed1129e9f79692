/**
 * `/connexion/liaison#<jeton>`: a provider (FranceConnect…) vouched for an address that
 * already has an account. Nothing is linked on its word: the account's owner proves the
 * address with the account's password, or with a link e-mailed to it, opened in this
 * browser (which keeps the waiting link's token for `/connexion/liaison/confirmer`).
 */
import { createResource, createSignal, Show } from "solid-js";
import { A, useNavigate } from "@solidjs/router";
import { api, problemOf } from "../api.ts";
import { Field } from "../components/field.tsx";
import { FormAlert } from "../components/form_alert.tsx";
import { Page } from "../components/page.tsx";
import { useForm } from "../components/use_form.ts";
import { homeOf, safeReturn, useSession } from "../session.tsx";

/** Where this browser keeps the waiting link's token, for the e-mailed link. */
export const PENDING_KEY = "guichet:liaison";

function pendingToken(): string | null {
  const fromHash = location.hash.slice(1);
  try {
    if (fromHash) {
      localStorage.setItem(PENDING_KEY, fromHash);
      history.replaceState(null, "", location.pathname);
    }
    return fromHash || localStorage.getItem(PENDING_KEY);
  } catch {
    return fromHash || null;
  }
}

export default function ConnexionLiaison() {
  const session = useSession();
  const navigate = useNavigate();
  const token = pendingToken();
  const [info] = createResource(() => token, (t) => api.auth.identity.pending.query({ token: t }));
  const [sent, setSent] = createSignal(false);
  const enter = async (result: { signedIn: boolean; retour: string | null }) => {
    try {
      localStorage.removeItem(PENDING_KEY);
    } catch { /* storage disabled */ }
    if (!result.signedIn) {
      navigate("/connexion", { replace: true });
      return;
    }
    const account = await session.refresh();
    navigate(safeReturn(result.retour) ?? homeOf(account), { replace: true });
  };
  const form = useForm(async (data) => {
    await enter(
      await api.auth.identity.confirmWithPassword.mutate({
        token: token!,
        password: data.password,
      }),
    );
  });
  const mail = useForm(async () => {
    await api.auth.identity.sendEmail.mutate({ token: token! });
    setSent(true);
  });
  return (
    <Page title="Associer votre identité à votre compte">
      <Show
        when={info()}
        fallback={
          <Show when={info.error || !token} fallback={<p role="status">Chargement…</p>}>
            <div class="notice notice--error" role="alert">
              {token
                ? problemOf(info.error).message
                : "Ce lien est incomplet : reconnectez-vous avec le fournisseur d’identité."}
            </div>
            <p>
              <A href="/connexion">Revenir à la page de connexion</A>
            </p>
          </Show>
        }
      >
        {(pending) => (
          <>
            <p>
              {pending().provider} indique l’adresse{" "}
              <strong>{pending().email}</strong>, qui a déjà un compte sur ce site. Pour associer
              cette identité à ce compte, prouvez qu’il est le vôtre : rien ne sera associé sans
              cette preuve.
            </p>
            <section class="card" aria-labelledby="titre-par-mot-de-passe">
              <h2 id="titre-par-mot-de-passe">Avec le mot de passe du compte</h2>
              <form class="form" onSubmit={form.onSubmit} novalidate>
                <FormAlert problem={form.problem()} />
                <Field
                  name="password"
                  label="Mot de passe du compte"
                  type="password"
                  autocomplete="current-password"
                  required
                  error={form.error("password")}
                />
                <div class="form__actions">
                  <button type="submit" class="button" disabled={form.pending()}>
                    Associer et me connecter
                  </button>
                </div>
              </form>
            </section>
            <section class="card" aria-labelledby="titre-par-email">
              <h2 id="titre-par-email">Par un lien envoyé à {pending().email}</h2>
              <form class="form" onSubmit={mail.onSubmit} novalidate>
                <FormAlert problem={mail.problem()} />
                <Show
                  when={sent()}
                  fallback={
                    <p>
                      Sans mot de passe (compte créé par invitation, mot de passe oublié…), recevez
                      un lien à ouvrir dans ce navigateur.
                    </p>
                  }
                >
                  <p class="notice notice--success" role="status">
                    Un lien a été envoyé à{" "}
                    {pending().email}. Ouvrez-le dans ce navigateur ; il est valable 30 minutes.
                  </p>
                </Show>
                <div class="form__actions">
                  <button
                    type="submit"
                    class="button button--secondary"
                    disabled={mail.pending()}
                  >
                    Recevoir un lien par e-mail
                  </button>
                </div>
              </form>
            </section>
          </>
        )}
      </Show>
    </Page>
  );
}
