/**
 * « Double authentification » on « Mon compte »: whether it is on, the way to turn it on
 * (its own page), new codes de secours, and turning it off (password and a current code).
 * Shown to the roles that may use it, and to anyone who has it on.
 */
import { createResource, createSignal, Show } from "solid-js";
import { A } from "@solidjs/router";
import { api, problemOf } from "../../api.ts";
import { Field } from "../field.tsx";
import { FormAlert } from "../form_alert.tsx";
import { useForm } from "../use_form.ts";
import { formatDate } from "../../format.ts";
import { useSession } from "../../session.tsx";
import { RecoveryCodes } from "./recovery_codes.tsx";

const CODE_HINT = "Les 6 chiffres affichés par votre application, ou un code de secours.";

function RenewCodes(props: { onDone: () => void }) {
  const [codes, setCodes] = createSignal<string[] | null>(null);
  let formElement!: HTMLFormElement;
  const form = useForm(async (data) => {
    const { recoveryCodes } = await api.auth.secondFactor.renewRecoveryCodes.mutate({
      code: data.code,
    });
    formElement.reset();
    setCodes(recoveryCodes);
    props.onDone();
  });
  return (
    <div class="card__part">
      <h3>Nouveaux codes de secours</h3>
      <Show when={codes()}>{(list) => <RecoveryCodes codes={list()} />}</Show>
      <form ref={formElement} class="form" onSubmit={form.onSubmit} novalidate>
        <FormAlert problem={form.problem()} />
        <p>Les codes de secours actuels ne serviront plus.</p>
        <Field
          name="code"
          id="champ-code-renouveler"
          label="Code de vérification"
          hint={CODE_HINT}
          autocomplete="one-time-code"
          required
          error={form.error("code")}
        />
        <div class="form__actions">
          <button type="submit" class="button button--secondary" disabled={form.pending()}>
            Obtenir de nouveaux codes
          </button>
        </div>
      </form>
    </div>
  );
}

function Disable(props: { onDone: () => void }) {
  const form = useForm(async (data) => {
    await api.auth.secondFactor.disable.mutate({ password: data.password, code: data.code });
    props.onDone();
  });
  return (
    <div class="card__part">
      <h3>Désactiver la double authentification</h3>
      <form class="form" onSubmit={form.onSubmit} novalidate>
        <FormAlert problem={form.problem()} />
        <Field
          name="password"
          id="champ-password-2fa"
          label="Mot de passe actuel"
          type="password"
          autocomplete="current-password"
          required
          error={form.error("password")}
        />
        <Field
          name="code"
          id="champ-code-desactiver"
          label="Code de vérification"
          hint={CODE_HINT}
          autocomplete="one-time-code"
          required
          error={form.error("code")}
        />
        <div class="form__actions">
          <button type="submit" class="button button--danger" disabled={form.pending()}>
            Désactiver
          </button>
        </div>
      </form>
    </div>
  );
}

export function SecondFactorCard() {
  const session = useSession();
  const [status, { refetch }] = createResource(() => api.auth.secondFactor.status.query());
  const [disabled, setDisabled] = createSignal(false);
  const afterDisable = async () => {
    setDisabled(true);
    await refetch();
    await session.refresh();
  };
  return (
    <Show when={status.latest && (status.latest.available || status.latest.enabled)}>
      <section class="card" aria-labelledby="titre-double-authentification">
        <h2 id="titre-double-authentification">Double authentification</h2>
        <Show when={status.error}>
          <div class="notice notice--error" role="alert">{problemOf(status.error).message}</div>
        </Show>
        <Show
          when={status.latest?.enabled}
          fallback={
            <>
              <Show when={disabled()}>
                <p class="notice notice--success" role="status">
                  La double authentification est désactivée.
                </p>
              </Show>
              <p>
                À la connexion, en plus du mot de passe, un code à 6 chiffres donné par une
                application d’authentification de votre téléphone (FreeOTP, Aegis, Google
                Authenticator, Microsoft Authenticator…).
              </p>
              <Show when={status.latest?.required}>
                <p class="notice">
                  Obligatoire pour les super-administrateurs : l’espace super-admin reste fermé tant
                  qu’elle n’est pas activée.
                </p>
              </Show>
              <p>
                <A href="/compte/double-authentification" class="button">
                  Activer la double authentification
                </A>
              </p>
            </>
          }
        >
          <p>
            <strong>Activée</strong> depuis le{" "}
            {formatDate(status.latest?.enabledAt)}. Codes de secours restants :{" "}
            {status.latest?.recoveryCodesLeft} sur 10.
          </p>
          <RenewCodes onDone={() => void refetch()} />
          <Disable onDone={() => void afterDisable()} />
        </Show>
      </section>
    </Show>
  );
}
