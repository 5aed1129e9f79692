/** `/admin/demarches/nouvelle`: a title is all it takes; the rest is set on the démarche's page. */
import { useNavigate } from "@solidjs/router";
import { api } from "../api.ts";
import { Field } from "../components/field.tsx";
import { FormAlert } from "../components/form_alert.tsx";
import { Page } from "../components/page.tsx";
import { RequireRole } from "../components/require_role.tsx";
import { useForm } from "../components/use_form.ts";
import { Breadcrumb } from "../components/admin/breadcrumb.tsx";

function Nouvelle() {
  const navigate = useNavigate();
  const form = useForm(async (data) => {
    const { id } = await api.admin.demarches.create.mutate({ titre: data.titre });
    navigate(`/admin/demarches/${id}`, {
      state: { flash: "La démarche est créée, en test. Complétez-la pas à pas." },
    });
  });
  return (
    <>
      <Breadcrumb trail={[{ label: "Mes démarches", href: "/admin" }]} />
      <Page
        title="Créer une démarche"
        intro="Donnez-lui un titre : vous compléterez ensuite ses paramètres, son formulaire et ses instructeurs. Elle reste en test tant que vous ne la publiez pas."
      >
        <form class="form" onSubmit={form.onSubmit} novalidate>
          <FormAlert problem={form.problem()} />
          <Field
            name="titre"
            label="Titre de la démarche"
            hint="Tel que l’usager le lira, par exemple « Demande de titre de navigation »."
            required
            maxLength={200}
            error={form.error("titre")}
          />
          <div class="form__actions">
            <button type="submit" class="button" disabled={form.pending()}>
              Créer la démarche
            </button>
          </div>
        </form>
      </Page>
    </>
  );
}

export default function AdminDemarcheNouvelle() {
  return (
    <RequireRole role="administrateur">
      <Nouvelle />
    </RequireRole>
  );
}
