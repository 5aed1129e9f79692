/**
 * `/connexion[?retour=/chemin]`: signs in, then goes back where the person was headed. An
 * account with the double authentification is asked, after its password, for the code of
 * its app or a code de secours. The identity providers the super-admin configured
 * (FranceConnect, ProConnect…) are offered first; a provider's failure comes back here as
 * `?erreur=<code>&fournisseur=<id>`, and a provider's sign-in of an account with the double
 * authentification as `?defi=<challenge>`.
 */
import { createEffect, createResource, createSignal, For, Show } from "solid-js";
import { A, useNavigate, useSearchParams } from "@solidjs/router";
import { api } from "../api.ts";
import { Field } from "../components/field.tsx";
import { FormAlert } from "../components/form_alert.tsx";
import { Page } from "../components/page.tsx";
import { useForm } from "../components/use_form.ts";
import { homeOf, safeReturn, useSession, withReturn } from "../session.tsx";
import { identityErrorMessage, isIdentityErrorCode } from "../../core/shared/identity_errors.ts";

/** « Se connecter avec FranceConnect »: a full-page link to the provider's flow. */
function ProviderButtons(props: { retour?: string }) {
  const [providers] = createResource(() => api.auth.identity.providers.query().catch(() => []));
  const href = (id: number) =>
    `/connexion/fournisseur/${id}${
      safeReturn(props.retour) ? `?retour=${encodeURIComponent(props.retour!)}` : ""
    }`;
  return (
    <Show when={(providers() ?? []).length > 0}>
      <section class="card identity-providers" aria-labelledby="titre-fournisseurs">
        <h2 id="titre-fournisseurs">Avec un fournisseur d’identité</h2>
        <ul class="identity-providers__list">
          <For each={providers()}>
            {(p) => (
              <li>
                <a class="button button--secondary" rel="external" href={href(p.id)}>
                  Se connecter avec {p.label}
                </a>
                <Show when={!p.forUsagers}>
                  <span class="hint">Réservé aux agents</span>
                </Show>
                <Show when={p.requiredForAgents}>
                  <span class="hint">Obligatoire pour les agents</span>
                </Show>
              </li>
            )}
          </For>
        </ul>
      </section>
      <h2 class="identity-providers__or">Ou avec votre adresse e-mail</h2>
    </Show>
  );
}

/** The French message of a provider's failure, naming the provider. */
function ProviderError(props: { code?: string; provider?: string }) {
  const [providers] = createResource(() => api.auth.identity.providers.query().catch(() => []));
  const label = () =>
    providers()?.find((p) => String(p.id) === props.provider)?.label ?? "Le fournisseur d’identité";
  return (
    <Show when={isIdentityErrorCode(props.code) && providers.state === "ready"}>
      <div class="notice notice--error" role="alert">
        {isIdentityErrorCode(props.code) ? identityErrorMessage(props.code, label()) : ""}
      </div>
    </Show>
  );
}

export default function Connexion() {
  const session = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams<
    { retour?: string; erreur?: string; fournisseur?: string; defi?: string }
  >();
  const [challenge, setChallenge] = createSignal<string | null>(
    params.defi && /^[A-Za-z0-9_-]{20,100}$/.test(params.defi) ? params.defi : null,
  );
  const enter = async () => {
    const account = await session.refresh();
    navigate(safeReturn(params.retour) ?? homeOf(account), { replace: true });
  };
  const form = useForm(async (data) => {
    const result = await api.auth.signIn.mutate({ email: data.email, password: data.password });
    if (result.challenge) setChallenge(result.challenge);
    else await enter();
  });
  const second = useForm(async (data) => {
    await api.auth.verifySecondFactor.mutate({ challenge: challenge()!, code: data.code });
    await enter();
  });
  let codeInput: HTMLInputElement | undefined;
  createEffect(() => {
    if (challenge()) codeInput?.focus();
  });
  return (
    <Page title="Se connecter">
      <Show
        when={challenge()}
        fallback={
          <>
            <ProviderError code={params.erreur} provider={params.fournisseur} />
            <ProviderButtons retour={params.retour} />
            <form class="form" onSubmit={form.onSubmit} novalidate>
              <FormAlert problem={form.problem()} />
              <Field
                name="email"
                label="Adresse e-mail"
                type="email"
                autocomplete="email"
                required
                error={form.error("email")}
              />
              <Field
                name="password"
                label="Mot de passe"
                type="password"
                autocomplete="current-password"
                required
                error={form.error("password")}
              />
              <p class="form__link">
                <A href="/mot-de-passe/oublie">Mot de passe oublié ?</A>
              </p>
              <div class="form__actions">
                <button type="submit" class="button" disabled={form.pending()}>
                  Se connecter
                </button>
              </div>
            </form>
            <p class="aside">
              Pas encore de compte ?{" "}
              <A href={withReturn("/inscription", params.retour)}>
                Créer un compte
              </A>
            </p>
          </>
        }
      >
        <form class="form" onSubmit={second.onSubmit} novalidate>
          <h2>Double authentification</h2>
          <FormAlert problem={second.problem()} />
          <p>
            Saisissez le code à 6 chiffres affiché par votre application d’authentification. Sans
            votre téléphone, saisissez l’un de vos codes de secours.
          </p>
          <Field
            ref={codeInput}
            name="code"
            label="Code de vérification"
            autocomplete="one-time-code"
            autocapitalize="off"
            spellcheck={false}
            required
            error={second.error("code")}
          />
          <div class="form__actions">
            <button type="submit" class="button" disabled={second.pending()}>Valider</button>
            <button
              type="button"
              class="button button--secondary"
              onClick={() => setChallenge(null)}
            >
              Recommencer
            </button>
          </div>
        </form>
      </Show>
    </Page>
  );
}
