/**
 * Guards a page: signed-out visitors go to `/connexion?retour=<this page>`; a signed-in
 * account without the role gets a plain "no access" page; a super-admin without the double
 * authentification goes to set it up first (`/compte/double-authentification`).
 */
import { type JSX, Match, Switch } from "solid-js";
import { A, Navigate, useLocation } from "@solidjs/router";
import { type Role, useSession } from "../session.tsx";
import { Page } from "./page.tsx";

export function RequireRole(props: { role?: Role; children: JSX.Element }) {
  const session = useSession();
  const location = useLocation();
  const back = () => encodeURIComponent(location.pathname + location.search);
  return (
    <Switch>
      <Match when={session.account() === undefined}>
        <p class="loading" role="status">Chargement…</p>
      </Match>
      <Match when={session.account() === null}>
        <Navigate href={`/connexion?retour=${back()}`} />
      </Match>
      <Match
        when={props.role === "super_admin" && session.hasRole("super_admin") &&
          !session.account()?.secondFactor}
      >
        <Navigate href={`/compte/double-authentification?retour=${back()}`} />
      </Match>
      <Match when={props.role && !session.hasRole(props.role)}>
        <Page title="Accès réservé">
          <p>Votre compte n’a pas accès à cette page.</p>
          <p>
            <A href="/">Retour à l’accueil</A>
          </p>
        </Page>
      </Match>
      <Match when>{props.children}</Match>
    </Switch>
  );
}
