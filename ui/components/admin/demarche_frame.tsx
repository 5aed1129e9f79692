/**
 * The frame of every page about one démarche (`/admin/demarches/:id/...`): it checks the
 * role, loads the démarche, shows the trail back to it, then the page with its `<h1>`.
 * The page renders only once the démarche is loaded, so its title is known.
 */
import { createResource, type JSX, Show } from "solid-js";
import { A, useParams } from "@solidjs/router";
import { api, problemOf } from "../../api.ts";
import { Page } from "../page.tsx";
import { RequireRole } from "../require_role.tsx";
import { Breadcrumb, type Crumb } from "./breadcrumb.tsx";

export type Demarche = Awaited<ReturnType<typeof api.admin.demarches.get.query>>;

export interface DemarcheContext {
  readonly demarche: () => Demarche;
  /** Loads the démarche again, after a change made on the page. */
  readonly reload: () => Promise<unknown>;
}

export interface DemarcheFrameProps {
  /** The `<h1>`; the démarche's own page passes its title. */
  readonly title: (demarche: Demarche) => string;
  /** False on the démarche's own page, which is itself the last crumb. */
  readonly nested?: boolean;
  readonly intro?: JSX.Element;
  readonly children: (context: DemarcheContext) => JSX.Element;
}

/** The démarche id of the current address (`NaN` when the address is not a number). */
export function useDemarcheId(): () => number {
  const params = useParams<{ id: string }>();
  return () => Number(params.id);
}

function Loaded(props: DemarcheFrameProps) {
  const id = useDemarcheId();
  const [demarche, { refetch }] = createResource(id, (id) => api.admin.demarches.get.query({ id }));
  const trail = (d: Demarche): Crumb[] => [
    { label: "Mes démarches", href: "/admin" },
    ...(props.nested === false ? [] : [{ label: d.titre, href: `/admin/demarches/${d.id}` }]),
  ];
  return (
    <Show
      when={!demarche.error && demarche.latest}
      fallback={
        <Show when={demarche.error} fallback={<p class="loading" role="status">Chargement…</p>}>
          <Page title="Démarche introuvable">
            <p>{problemOf(demarche.error).message}</p>
            <p>
              <A href="/admin">Retour à mes démarches</A>
            </p>
          </Page>
        </Show>
      }
    >
      {(d) => (
        <>
          <Breadcrumb trail={trail(d())} />
          <Page title={props.title(d())} intro={props.intro}>
            {props.children({ demarche: d, reload: async () => await refetch() })}
          </Page>
        </>
      )}
    </Show>
  );
}

export function DemarcheFrame(props: DemarcheFrameProps) {
  return (
    <RequireRole role="administrateur">
      <Loaded {...props} />
    </RequireRole>
  );
}
