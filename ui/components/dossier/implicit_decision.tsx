/**
 * « Silence vaut accord / rejet » on a dossier: the sentence its usager reads, and the fact
 * in the instructeur's header (highlighted within 7 days of the date, or past it).
 */
import { Show } from "solid-js";
import { formatDay } from "../../format.ts";

export interface ImplicitDecision {
  readonly decision: "sva" | "svr";
  /** `YYYY-MM-DD`, the day in France. */
  readonly on: string;
  readonly suspended: boolean;
}

export { formatDay };

/** Days from today (in France) to `day`: negative once past. */
function daysUntil(day: string, now = new Date()): number {
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Paris" }).format(now);
  const [a, b] = [today, day].map((s) => {
    const [y, m, d] = s.split("-").map(Number);
    return Date.UTC(y, m - 1, d);
  });
  return Math.round((b - a) / 86_400_000);
}

/** The usager's sentence, on their dossier page. */
export function ImplicitDecisionNotice(props: { implicit: ImplicitDecision | null }) {
  return (
    <Show when={props.implicit}>
      {(i) => (
        <p class="implicit-decision" classList={{ "implicit-decision--suspended": i().suspended }}>
          <Show
            when={!i().suspended}
            fallback={
              <>
                Le délai de réponse de l’administration est suspendu jusqu’au dépôt de vos
                corrections.
              </>
            }
          >
            Sans réponse de l’administration d’ici le{" "}
            <strong>{formatDay(i().on)}</strong>, votre demande sera{" "}
            {i().decision === "sva" ? "acceptée" : "rejetée"}{" "}
            ({i().decision === "sva" ? "silence vaut accord" : "silence vaut rejet"}).
          </Show>
        </p>
      )}
    </Show>
  );
}

/** The fact in the instructeur's header, as a `<div>` of a `<dl>`. */
export function ImplicitDecisionFact(props: { implicit: ImplicitDecision | null }) {
  return (
    <Show when={props.implicit}>
      {(i) => {
        const soon = () => !i().suspended && daysUntil(i().on) <= 7;
        return (
          <div
            class="implicit-decision-fact"
            classList={{ "implicit-decision-fact--soon": soon() }}
          >
            <dt>
              Décision implicite {i().decision === "sva" ? "d’acceptation" : "de rejet"}
            </dt>
            <dd>
              <Show when={!i().suspended} fallback="suspendue pendant la correction">
                le {formatDay(i().on)}
                <Show when={soon()}>
                  <strong class="implicit-decision-fact__warn">
                    {daysUntil(i().on) < 0
                      ? " (date passée)"
                      : daysUntil(i().on) === 0
                      ? " (aujourd’hui)"
                      : ` (dans ${daysUntil(i().on)} jour${daysUntil(i().on) > 1 ? "s" : ""})`}
                  </strong>
                </Show>
              </Show>
            </dd>
          </div>
        );
      }}
    </Show>
  );
}
