/**
 * `/compte/double-authentification[?retour=/chemin]`: turning the second factor on. The app
 * reads a QR code (or the key typed in), a code of it confirms, and the ten codes de secours
 * are shown once. Super-admins are sent here until it is on.
 */
import { createResource, createSignal, Match, Show, Switch } from "solid-js";
import { A, useSearchParams } from "@solidjs/router";
import { renderSVG } from "uqr";
import { api, type Problem, problemOf } from "../api.ts";
import { Field } from "../components/field.tsx";
import { FormAlert } from "../components/form_alert.tsx";
import { Page } from "../components/page.tsx";
import { RequireRole } from "../components/require_role.tsx";
import { useForm } from "../components/use_form.ts";
import { RecoveryCodes } from "../components/account/recovery_codes.tsx";
import { safeReturn, useSession } from "../session.tsx";

type Enrolment = Awaited<ReturnType<typeof api.auth.secondFactor.start.mutate>>;

/** Step 2: the QR code and the key, then a code of the app to confirm. */
function Scan(props: { enrolment: Enrolment; onConfirmed: (codes: string[]) => void }) {
  const form = useForm(async (data) => {
    const { recoveryCodes } = await api.auth.secondFactor.confirm.mutate({ code: data.code });
    props.onConfirmed(recoveryCodes);
  });
  return (
    <div class="enrolment">
      <h2>1. Ajoutez Guichet à votre application</h2>
      <p>
        Dans votre application d’authentification, ajoutez un compte en scannant ce QR code :
      </p>
      {/* The SVG is drawn here from the otpauth:// address the server gave: no outside markup. */}
      <div
        class="qr-code"
        role="img"
        aria-label="QR code à scanner avec votre application d’authentification"
        innerHTML={renderSVG(props.enrolment.uri, { border: 2 })}
      />
      <p>Ou, si vous ne pouvez pas scanner, saisissez cette clé dans l’application :</p>
      <p>
        <code class="totp-secret" data-testid="totp-secret">{props.enrolment.secret}</code>
      </p>
      <details class="details">
        <summary>Afficher l’adresse otpauth:// complète</summary>
        <p>
          <code class="token-secret" data-testid="totp-uri">{props.enrolment.uri}</code>
        </p>
      </details>
      <h2>2. Saisissez le code affiché</h2>
      <form class="form" onSubmit={form.onSubmit} novalidate>
        <FormAlert problem={form.problem()} />
        <Field
          name="code"
          label="Code à 6 chiffres"
          hint="Le code change toutes les 30 secondes : saisissez celui affiché maintenant."
          autocomplete="one-time-code"
          inputMode="numeric"
          required
          error={form.error("code")}
        />
        <div class="form__actions">
          <button type="submit" class="button" disabled={form.pending()}>
            Activer la double authentification
          </button>
        </div>
      </form>
    </div>
  );
}

function Enrol() {
  const session = useSession();
  const [params] = useSearchParams<{ retour?: string }>();
  const [status] = createResource(() => api.auth.secondFactor.status.query());
  const [enrolment, setEnrolment] = createSignal<Enrolment | null>(null);
  const [codes, setCodes] = createSignal<string[] | null>(null);
  const [problem, setProblem] = createSignal<Problem | null>(null);
  const [pending, setPending] = createSignal(false);
  const start = async () => {
    setPending(true);
    setProblem(null);
    try {
      setEnrolment(await api.auth.secondFactor.start.mutate());
    } catch (error) {
      setProblem(problemOf(error));
    } finally {
      setPending(false);
    }
  };
  const confirmed = async (recoveryCodes: string[]) => {
    setCodes(recoveryCodes);
    await session.refresh();
  };
  const next = () => safeReturn(params.retour) ?? "/compte";
  return (
    <Page title="Double authentification">
      <Switch>
        <Match when={codes()}>
          {(list) => (
            <>
              <p class="notice notice--success" role="status">
                La double authentification est activée : à chaque connexion, Guichet vous demandera
                le code de votre application. Vos autres sessions ont été fermées.
              </p>
              <RecoveryCodes codes={list()} />
              <p>
                <A href={next()} class="button">J’ai noté mes codes de secours, continuer</A>
              </p>
            </>
          )}
        </Match>
        <Match when={status.latest?.enabled}>
          <p>La double authentification est déjà activée sur votre compte.</p>
          <p>
            <A href="/compte">Retour à Mon compte</A>
          </p>
        </Match>
        <Match when={status.latest && !status.latest.available}>
          <p>
            La double authentification est proposée aux comptes administrateur, instructeur et
            super-administrateur.
          </p>
          <p>
            <A href="/compte">Retour à Mon compte</A>
          </p>
        </Match>
        <Match when={enrolment()}>
          {(e) => <Scan enrolment={e()} onConfirmed={(c) => void confirmed(c)} />}
        </Match>
        <Match when={status.latest}>
          <Show when={status.latest?.required}>
            <p class="notice" role="status">
              Elle est obligatoire pour les super-administrateurs : activez-la pour ouvrir l’espace
              super-admin.
            </p>
          </Show>
          <p class="lead">
            À chaque connexion, en plus de votre mot de passe, Guichet vous demandera un code à 6
            chiffres donné par une application d’authentification installée sur votre téléphone
            (FreeOTP, Aegis, Google Authenticator, Microsoft Authenticator…). Un mot de passe deviné
            ou volé ne suffit plus alors pour entrer dans votre compte.
          </p>
          <FormAlert problem={problem()} />
          <div class="form__actions">
            <button type="button" class="button" disabled={pending()} onClick={start}>
              Configurer l’application
            </button>
            <A href="/compte" class="button button--secondary">Annuler</A>
          </div>
        </Match>
        <Match when={status.error}>
          <div class="notice notice--error" role="alert">{problemOf(status.error).message}</div>
        </Match>
      </Switch>
    </Page>
  );
}

export default function CompteDoubleAuthentification() {
  return (
    <RequireRole>
      <Enrol />
    </RequireRole>
  );
}
