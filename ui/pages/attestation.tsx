/**
 * `/attestations` and `/attestations/<code>`: anyone holding an attestation (an employer, a
 * harbour office…) checks that it was issued and still stands, by scanning its QR code or
 * typing the code printed under it. Shows only what the attestation itself says.
 */
import { createResource, Match, Show, Switch } from "solid-js";
import { useNavigate, useParams } from "@solidjs/router";
import { api, problemOf } from "../api.ts";
import { Field } from "../components/field.tsx";
import { Page } from "../components/page.tsx";
import { formatDate } from "../format.ts";

type Verified = Awaited<ReturnType<typeof api.attestations.verify.query>>;
type Outcome = { ok: true; value: Verified } | { ok: false; message: string };

export default function AttestationVerification() {
  const params = useParams<{ code?: string }>();
  const navigate = useNavigate();
  const [outcome] = createResource(
    () => params.code,
    async (code): Promise<Outcome> => {
      try {
        return { ok: true, value: await api.attestations.verify.query({ code }) };
      } catch (error) {
        return { ok: false, message: problemOf(error).message };
      }
    },
  );

  function onSubmit(event: SubmitEvent) {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget as HTMLFormElement).get("code") ?? "")
      .trim().toUpperCase().replace(/\s+/g, "-");
    if (code) navigate(`/attestations/${encodeURIComponent(code)}`);
  }

  return (
    <Page title="Vérifier une attestation">
      <Show when={params.code}>
        <Show when={outcome()} fallback={<p role="status">Vérification en cours…</p>}>
          {(result) => (
            <Switch>
              <Match when={!result().ok && result() as { message: string }}>
                {(failed) => (
                  <div class="notice notice--error" role="alert">
                    <p>{failed().message}</p>
                  </div>
                )}
              </Match>
              <Match when={result().ok && (result() as { value: Verified }).value}>
                {(a) => <Attestation value={a()} />}
              </Match>
            </Switch>
          )}
        </Show>
      </Show>
      <form class="form" onSubmit={onSubmit} novalidate>
        <Field
          name="code"
          label={params.code ? "Vérifier un autre code" : "Code de vérification"}
          hint="Les 20 caractères imprimés sous le QR code de l’attestation, par exemple 7KQ2-M4XD-9PZA-R3TV-H8NB."
          autocomplete="off"
          autocapitalize="characters"
          spellcheck={false}
          required
        />
        <div class="form__actions">
          <button type="submit" class="button">Vérifier</button>
        </div>
      </form>
    </Page>
  );
}

function Attestation(props: { value: Verified }) {
  const a = () => props.value;
  return (
    <section class="card" aria-labelledby="attestation-etat">
      <Switch>
        <Match when={a().test}>
          <div class="notice notice--error" role="status">
            <h2 id="attestation-etat">Attestation sans valeur</h2>
            <p>
              Elle a été délivrée pour un dossier d’essai, pendant le test de la démarche : elle
              n’atteste rien.
            </p>
          </div>
        </Match>
        <Match when={a().status === "valide"}>
          <div class="notice notice--success" role="status">
            <h2 id="attestation-etat">Attestation valide</h2>
            <p>
              Cette attestation a bien été délivrée par l’administration et la décision qu’elle
              atteste est toujours en vigueur.
            </p>
          </div>
        </Match>
        <Match when={a().status === "retiree"}>
          <div class="notice notice--error" role="status">
            <h2 id="attestation-etat">Attestation retirée</h2>
            <p>
              Cette attestation a été délivrée, puis retirée : l’administration a depuis réexaminé
              le dossier. Elle ne prouve plus la décision.
            </p>
          </div>
        </Match>
        <Match when={a().status === "dossier_supprime"}>
          <div class="notice notice--error" role="status">
            <h2 id="attestation-etat">Attestation qui ne peut plus être confirmée</h2>
            <p>
              Cette attestation a été délivrée, mais le dossier a depuis été supprimé au terme de sa
              durée de conservation : adressez-vous au service qui l’a délivrée.
            </p>
          </div>
        </Match>
      </Switch>
      <dl class="summary">
        <dt>Démarche</dt>
        <dd>{a().demarche}</dd>
        <dt>Dossier</dt>
        <dd>n° {a().dossier}</dd>
        <dt>Décision</dt>
        <dd>Accepté le {formatDate(a().decidedAt)}</dd>
        <dt>Titulaire</dt>
        <dd>
          {a().holder} <span class="hint">(en partie masqué : comparez avec le nom imprimé)</span>
        </dd>
        <dt>Référence</dt>
        <dd>{a().reference}, délivrée le {formatDate(a().issuedAt)}</dd>
      </dl>
    </section>
  );
}
