/**
 * `/admin/jetons`: the administrateur's jetons d'API, with which their own tools read the
 * dossiers of their démarches (`/api/v1`) — and, with the rights « Instruction », prefill
 * brouillons and instruct. A new jeton's secret is shown once, here only.
 */
import { createResource, createSignal, For, Show } from "solid-js";
import { A } from "@solidjs/router";
import { api } from "../api.ts";
import { Page } from "../components/page.tsx";
import { RequireRole } from "../components/require_role.tsx";
import { Field } from "../components/field.tsx";
import { FormAlert } from "../components/form_alert.tsx";
import { useForm } from "../components/use_form.ts";
import { RadioGroup, SelectField } from "../components/admin/choice_fields.tsx";
import { ConfirmAction } from "../components/admin/confirm_action.tsx";
import { formatDate, formatDateTime } from "../format.ts";

type Token = Awaited<ReturnType<typeof api.admin.jetons.list.query>>[number];

const ACCESS = [
  {
    value: "lecture",
    label: "Lecture",
    explanation: "Lire les démarches et leurs dossiers déposés. Aucune modification.",
  },
  {
    value: "instruction",
    label: "Instruction",
    explanation:
      "Lire, préremplir des brouillons, et instruire en votre nom (passer en instruction, décider, demander une correction, écrire à l’usager, annotations privées, étiquettes) les dossiers des groupes dont vous êtes instructeur.",
  },
];

const DAYS = [
  { value: "30", label: "30 jours" },
  { value: "90", label: "90 jours" },
  { value: "365", label: "1 an" },
];

/** The secret of the jeton just made, with a copy button: it will not be shown again. */
function NewSecret(props: { label: string; secret: string }) {
  const [copied, setCopied] = createSignal(false);
  const copy = async () => {
    await navigator.clipboard.writeText(props.secret);
    setCopied(true);
  };
  return (
    <section class="notice notice--success" aria-labelledby="nouveau-jeton">
      <h2 id="nouveau-jeton">Jeton « {props.label} » créé</h2>
      <p>
        Copiez-le maintenant et gardez-le comme un mot de passe :{" "}
        <strong>il ne sera plus jamais affiché.</strong>
      </p>
      <p>
        <code data-testid="secret" class="token-secret">{props.secret}</code>
      </p>
      <button type="button" class="button button--secondary button--small" onClick={copy}>
        Copier le jeton
      </button>
      <span role="status">{copied() ? " Jeton copié." : ""}</span>
    </section>
  );
}

function TokenRow(props: { token: Token; onRevoke: () => Promise<void> }) {
  const t = () => props.token;
  const scope = () =>
    t().demarches === null
      ? "Toutes mes démarches"
      : t().demarches!.map((d) => d.titre ?? `Démarche n° ${d.id}`).join(", ");
  const state = () =>
    t().revokedAt
      ? `Révoqué le ${formatDate(t().revokedAt)}`
      : t().active
      ? `Expire le ${formatDate(t().expiresAt)}`
      : `Expiré le ${formatDate(t().expiresAt)}`;
  return (
    <tr>
      <th scope="row">{t().label}</th>
      <td>{scope()}</td>
      <td>{t().access === "instruction" ? "Instruction" : "Lecture"}</td>
      <td>{formatDate(t().createdAt)}</td>
      <td>{t().lastUsedAt ? formatDateTime(t().lastUsedAt) : "Jamais"}</td>
      <td>{state()}</td>
      <td>
        <Show when={t().active}>
          <ConfirmAction
            label={`Révoquer « ${t().label} »`}
            question="Les outils qui s’en servent n’auront plus accès aux dossiers, tout de suite."
            confirmLabel="Révoquer le jeton"
            danger
            small
            action={props.onRevoke}
          />
        </Show>
      </td>
    </tr>
  );
}

function Jetons() {
  const [tokens, { refetch }] = createResource(() => api.admin.jetons.list.query());
  const [demarches] = createResource(() => api.admin.demarches.list.query());
  const mine = () => {
    const l = demarches();
    return l ? [...l.enTest, ...l.publiees, ...l.closes] : [];
  };
  const [scope, setScope] = createSignal("toutes");
  const [created, setCreated] = createSignal<{ label: string; secret: string } | null>(null);
  let formRef!: HTMLFormElement;
  const form = useForm(async (data) => {
    const chosen = new FormData(formRef).getAll("demarche").map(Number);
    if (scope() === "choisies" && chosen.length === 0) {
      form.fail("Cochez au moins une démarche, ou choisissez « Toutes mes démarches ».");
      return;
    }
    const { secret } = await api.admin.jetons.create.mutate({
      label: data.label,
      days: Number(data.days) as 30 | 90 | 365,
      demarcheIds: scope() === "toutes" ? null : chosen,
      access: data.access === "instruction" ? "instruction" : "lecture",
    });
    setCreated({ label: data.label.trim(), secret });
    (formRef.elements.namedItem("label") as HTMLInputElement).value = "";
    setScope("toutes");
    await refetch();
  });
  return (
    <Page title="Jetons d’API">
      <p class="lead">
        Un jeton permet à vos outils (tableur, logiciel métier) de lire les dossiers déposés sur vos
        démarches sans export manuel, par l’API <code>/api/v1</code>{" "}
        (voir le README de Guichet). Un jeton « Lecture » ne permet aucune modification ; un jeton «
        Instruction » agit aussi en votre nom sur les dossiers que vous instruisez.
      </p>
      <p>
        <A href="/admin/api">Documentation de l’API</A>{" "}
        (chaque adresse, ses paramètres et sa réponse) · <A href="/admin">Retour à mes démarches</A>
      </p>
      <Show when={created()}>{(c) => <NewSecret label={c().label} secret={c().secret} />}</Show>
      <div class="stack stack--wide">
        <section class="card" aria-labelledby="creer-jeton">
          <h2 id="creer-jeton" class="card__title">Créer un jeton</h2>
          <form
            ref={formRef}
            onSubmit={form.onSubmit}
            onChange={() => setScope(formRef.scope.value)}
            novalidate
          >
            <FormAlert problem={form.problem()} />
            <Field
              name="label"
              label="Nom du jeton"
              hint="Pour le reconnaître : l’outil ou la personne qui s’en sert."
              maxLength={100}
              required
              error={form.error("label")}
            />
            <SelectField name="days" label="Durée de validité" options={DAYS} value="90" />
            <RadioGroup name="access" legend="Droits du jeton" options={ACCESS} value="lecture" />
            <RadioGroup
              name="scope"
              legend="Démarches lues par le jeton"
              value={scope()}
              options={[
                {
                  value: "toutes",
                  label: "Toutes mes démarches",
                  explanation: "Y compris celles que vous administrerez plus tard.",
                },
                { value: "choisies", label: "Les démarches cochées ci-dessous" },
              ]}
            />
            <Show when={scope() === "choisies"}>
              <fieldset class="fieldset">
                <legend>Démarches</legend>
                <For each={mine()} fallback={<p class="empty">Vous n’avez pas de démarche.</p>}>
                  {(d) => (
                    <div class="choice">
                      <input type="checkbox" id={`demarche-${d.id}`} name="demarche" value={d.id} />
                      <label for={`demarche-${d.id}`}>{d.titre}</label>
                    </div>
                  )}
                </For>
              </fieldset>
            </Show>
            <div class="form__actions">
              <button type="submit" class="button" disabled={form.pending()}>Créer le jeton</button>
            </div>
          </form>
        </section>
        <section class="card" aria-labelledby="mes-jetons">
          <h2 id="mes-jetons" class="card__title">Mes jetons</h2>
          <Show when={tokens.latest} fallback={<p class="loading" role="status">Chargement…</p>}>
            {(list) => (
              <Show when={list().length > 0} fallback={<p class="empty">Aucun jeton.</p>}>
                <div class="table-wrap">
                  <table class="table">
                    <thead>
                      <tr>
                        <th scope="col">Nom</th>
                        <th scope="col">Démarches</th>
                        <th scope="col">Droits</th>
                        <th scope="col">Créé le</th>
                        <th scope="col">Dernière utilisation</th>
                        <th scope="col">Validité</th>
                        <th scope="col">Action</th>
                      </tr>
                    </thead>
                    <tbody>
                      <For each={list()}>
                        {(t) => (
                          <TokenRow
                            token={t}
                            onRevoke={async () => {
                              await api.admin.jetons.revoke.mutate({ id: t.id });
                              await refetch();
                            }}
                          />
                        )}
                      </For>
                    </tbody>
                  </table>
                </div>
              </Show>
            )}
          </Show>
        </section>
      </div>
    </Page>
  );
}

export default function AdminJetons() {
  return (
    <RequireRole role="administrateur">
      <Jetons />
    </RequireRole>
  );
}
