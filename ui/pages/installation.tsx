/**
 * `/installation?jeton=`: creates the super-admin account from the one-time link printed
 * (or e-mailed) at the first start, then opens the super-admin space.
 */
import { createResource, Show } from "solid-js";
import { useNavigate } from "@solidjs/router";
import { api, problemOf } from "../api.ts";
import { Field } from "../components/field.tsx";
import { PasswordField } from "../components/password_field.tsx";
import { FormAlert } from "../components/form_alert.tsx";
import { Page } from "../components/page.tsx";
import { useForm } from "../components/use_form.ts";
import { MISSING_TOKEN, useToken } from "../components/use_token.ts";
import { useSession } from "../session.tsx";

export default function Installation() {
  const token = useToken();
  const session = useSession();
  const navigate = useNavigate();
  const [info] = createResource(token, (t) => api.auth.installationInfo.query({ token: t }));
  const form = useForm(async (data) => {
    await api.auth.completeInstallation.mutate({
      token: token(),
      email: info()?.email ?? data.email,
      password: data.password,
    });
    await session.refresh();
    navigate("/super-admin/demandes", {
      replace: true,
      state: { flash: "Le compte super-administrateur est créé : Guichet est prêt." },
    });
  });
  const unusable = () => (!token() ? MISSING_TOKEN : info.error && problemOf(info.error).message);
  return (
    <Page
      title="Installation de Guichet"
      intro={
        <p>
          Créez le compte super-administrateur : il gère cette instance et examine les demandes de
          compte administrateur.
        </p>
      }
    >
      <Show
        when={!unusable()}
        fallback={<div class="notice notice--error" role="alert">{unusable()}</div>}
      >
        <Show when={info()} fallback={<p role="status">Chargement…</p>}>
          {(known) => (
            <form class="form" onSubmit={form.onSubmit} novalidate>
              <FormAlert problem={form.problem()} />
              <Field
                name="email"
                label="Adresse e-mail"
                type="email"
                autocomplete="username"
                value={known().email ?? ""}
                readOnly={!!known().email}
                hint={known().email
                  ? "Adresse fixée par la configuration (ADMIN_EMAIL)."
                  : undefined}
                required
                error={form.error("email")}
              />
              <PasswordField
                name="password"
                label="Mot de passe"
                email={() => known().email ?? undefined}
                error={form.error("password")}
              />
              <div class="form__actions">
                <button type="submit" class="button" disabled={form.pending()}>
                  Créer le compte super-administrateur
                </button>
              </div>
            </form>
          )}
        </Show>
      </Show>
    </Page>
  );
}
