/**
 * « Sessions actives » on « Mon compte »: where the account is signed in (browser, address,
 * since when, last activity), the current session marked; any other one can be closed.
 */
import { createResource, createSignal, For, Show } from "solid-js";
import { api, type Problem, problemOf } from "../../api.ts";
import { FormAlert } from "../form_alert.tsx";
import { formatDateTime } from "../../format.ts";

export function ActiveSessions() {
  const [sessions, { refetch }] = createResource(() => api.auth.sessions.query());
  const [done, setDone] = createSignal<string | null>(null);
  const [problem, setProblem] = createSignal<Problem | null>(null);
  const [pending, setPending] = createSignal(false);
  // A failed read shows through `sessions.error`; it is not this action's problem.
  const reload = () => Promise.resolve(refetch()).catch(() => undefined);
  const run = async (action: () => Promise<unknown>, message: string) => {
    if (pending()) return;
    setPending(true);
    setDone(null);
    setProblem(null);
    // The list is read again before the message shows, so that the message and the list
    // never disagree (a session announced closed still listed).
    try {
      await action();
      await reload();
      setDone(message);
    } catch (error) {
      setProblem(problemOf(error));
      await reload();
    } finally {
      setPending(false);
    }
  };
  const others = () => (sessions.latest ?? []).filter((s) => !s.current).length;
  return (
    <section class="card" aria-labelledby="titre-sessions">
      <h2 id="titre-sessions">Sessions actives</h2>
      <p>
        Les navigateurs où votre compte est connecté. Si vous n’en reconnaissez pas un, fermez sa
        session puis changez votre mot de passe.
      </p>
      <FormAlert problem={problem()} />
      <p class="notice notice--success" role="status" hidden={!done()}>{done()}</p>
      <Show when={sessions.error}>
        <div class="notice notice--error" role="alert">{problemOf(sessions.error).message}</div>
      </Show>
      <Show when={sessions.latest} fallback={<p class="loading" role="status">Chargement…</p>}>
        {(list) => (
          <>
            <ul class="sessions" aria-label="Sessions actives">
              <For each={list()}>
                {(session) => (
                  <li class="sessions__item">
                    <p class="sessions__browser">
                      <strong id={`session-${session.id.slice(0, 12)}`}>{session.browser}</strong>
                      <Show when={session.current}>
                        {" "}
                        <span class="badge badge--current">Cette session</span>
                      </Show>
                    </p>
                    <dl class="sessions__facts">
                      <div>
                        <dt>Ouverte le</dt>
                        <dd>{formatDateTime(session.createdAt)}</dd>
                      </div>
                      <div>
                        <dt>Dernière activité</dt>
                        <dd>
                          {session.current ? "Maintenant" : formatDateTime(session.lastSeenAt)}
                        </dd>
                      </div>
                      <div>
                        <dt>Adresse IP</dt>
                        <dd>{session.ip ?? "Inconnue"}</dd>
                      </div>
                    </dl>
                    <Show when={!session.current}>
                      <button
                        type="button"
                        class="button button--secondary button--small"
                        aria-describedby={`session-${session.id.slice(0, 12)}`}
                        disabled={pending()}
                        onClick={() =>
                          run(
                            () => api.auth.closeSession.mutate({ id: session.id }),
                            `La session « ${session.browser} » est fermée : ce navigateur devra se reconnecter.`,
                          )}
                      >
                        Fermer cette session
                      </button>
                    </Show>
                  </li>
                )}
              </For>
            </ul>
            <Show when={others() > 0}>
              <div class="form__actions">
                <button
                  type="button"
                  class="button button--secondary"
                  disabled={pending()}
                  onClick={() =>
                    run(
                      () => api.auth.closeOtherSessions.mutate(),
                      "Toutes vos autres sessions sont fermées.",
                    )}
                >
                  Fermer toutes les autres sessions
                </button>
              </div>
            </Show>
          </>
        )}
      </Show>
    </section>
  );
}
