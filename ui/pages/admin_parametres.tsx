/**
 * `/admin/demarches/:id/parametres`: title, description, mode (the guide's step 3), the
 * service usagers can contact, where the démarche is linked from, retention and deadline.
 */
import { createSignal, Show } from "solid-js";
import { api } from "../api.ts";
import { Field } from "../components/field.tsx";
import { FormAlert } from "../components/form_alert.tsx";
import { useForm } from "../components/use_form.ts";
import { RadioGroup, SelectField } from "../components/admin/choice_fields.tsx";
import { type Demarche, DemarcheFrame } from "../components/admin/demarche_frame.tsx";
import { MODES } from "../components/admin/demarche_state.tsx";
import { LogoField } from "../components/admin/logo_field.tsx";
import {
  ImplicitDecisionFields,
  implicitDecisionInput,
} from "../components/admin/implicit_decision_fields.tsx";
import { IdentiteFields, identiteInput } from "../components/admin/identite_fields.tsx";

type SettingsInput = Parameters<typeof api.admin.demarches.updateSettings.mutate>[0];
type Service = NonNullable<SettingsInput["service"]>;

const ORGANISME_TYPES = [
  { value: "collectivite_territoriale", label: "Collectivité territoriale" },
  { value: "administration_centrale", label: "Administration centrale" },
  { value: "service_deconcentre_de_l_etat", label: "Service déconcentré de l’État" },
  { value: "etablissement_enseignement", label: "Établissement d’enseignement" },
  { value: "operateur_d_etat", label: "Opérateur d’État" },
  { value: "association", label: "Association" },
  { value: "autre", label: "Autre" },
];

const MARKDOWN_HINT =
  "Ce que l’usager lit avant de commencer : à qui s’adresse la démarche, les pièces à préparer, les délais. Mise en forme possible : **gras**, *italique*, listes avec « - » en début de ligne, liens [texte](https://…) ; une ligne vide sépare deux paragraphes.";

/** `2026-03-31T21:59:59.000Z` → `2026-03-31` in the browser's time zone (the date input's). */
function dateInput(iso: string | null): string {
  if (!iso) return "";
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

function SettingsForm(props: { demarche: Demarche; reload: () => Promise<unknown> }) {
  const d = () => props.demarche;
  const s = () => d().service;
  const [saved, setSaved] = createSignal(false);
  const form = useForm(async (data) => {
    setSaved(false);
    await api.admin.demarches.updateSettings.mutate({
      id: d().id,
      titre: data.titre,
      description: data.description,
      mode: data.mode as SettingsInput["mode"],
      service: {
        nom: data["service.nom"],
        organisme: data["service.organisme"],
        typeOrganisme: data["service.typeOrganisme"] as Service["typeOrganisme"],
        email: data["service.email"],
        telephone: data["service.telephone"],
        adresse: data["service.adresse"],
        horaires: data["service.horaires"],
      },
      siteWeb: data.siteWeb,
      unDossierParUsager: data.unDossierParUsager === "oui",
      decisionImplicite: implicitDecisionInput(d(), data),
      identiteFranceConnect: identiteInput(data),
      retentionMonths: data.retentionMonths === "" ? Number.NaN : Number(data.retentionMonths),
      // The end of the chosen day, in the administrator's time zone.
      deadline: data.deadline ? new Date(`${data.deadline}T23:59:59`).toISOString() : null,
    });
    await props.reload();
    setSaved(true);
  });
  return (
    <form class="form" onSubmit={form.onSubmit} novalidate>
      <FormAlert problem={form.problem()} />
      <Field
        name="titre"
        label="Titre de la démarche"
        required
        maxLength={200}
        value={d().titre}
        error={form.error("titre")}
      />
      <Field
        name="description"
        label="Description (facultatif)"
        multiline
        hint={MARKDOWN_HINT}
        value={d().description}
        error={form.error("description")}
      />
      <RadioGroup
        name="mode"
        legend="Après le dépôt d’un dossier"
        hint="Votre démarche demande-t-elle une instruction, ou recueille-t-elle une déclaration ? Dans tous les cas, les instructeurs reçoivent les dossiers."
        options={MODES}
        value={d().mode}
        error={form.error("mode")}
      />
      <ImplicitDecisionFields demarche={d()} error={form.error} />
      <fieldset class="fieldset fieldset--group">
        <legend>Service en charge de la démarche</legend>
        <p class="hint">
          L’usager doit pouvoir contacter l’administration : ces informations lui sont montrées.
        </p>
        <Field
          name="service.nom"
          id="champ-service-nom"
          label="Nom du service"
          hint="Par exemple « Service nautique »."
          value={s()?.nom ?? ""}
          error={form.error("service.nom")}
        />
        <Field
          name="service.organisme"
          id="champ-service-organisme"
          label="Organisme"
          hint="Par exemple « Mairie de Brest »."
          value={s()?.organisme ?? ""}
          error={form.error("service.organisme")}
        />
        <SelectField
          name="service.typeOrganisme"
          id="champ-service-type"
          label="Type d’organisme"
          options={ORGANISME_TYPES}
          value={s()?.typeOrganisme ?? "collectivite_territoriale"}
          error={form.error("service.typeOrganisme")}
        />
        <Field
          name="service.email"
          id="champ-service-email"
          label="Adresse e-mail de contact"
          type="email"
          autocomplete="off"
          value={s()?.email ?? ""}
          error={form.error("service.email")}
        />
        <Field
          name="service.telephone"
          id="champ-service-telephone"
          label="Téléphone (facultatif)"
          type="tel"
          value={s()?.telephone ?? ""}
          error={form.error("service.telephone")}
        />
        <Field
          name="service.adresse"
          id="champ-service-adresse"
          label="Adresse postale (facultatif)"
          multiline
          value={s()?.adresse ?? ""}
          error={form.error("service.adresse")}
        />
        <Field
          name="service.horaires"
          id="champ-service-horaires"
          label="Horaires d’ouverture (facultatif)"
          hint="Par exemple « Du lundi au vendredi, de 9 h à 12 h »."
          value={s()?.horaires ?? ""}
          error={form.error("service.horaires")}
        />
      </fieldset>
      <Field
        name="siteWeb"
        label="Page du site internet où la démarche sera publiée"
        hint="L’adresse complète de la page de votre organisme qui donnera le lien vers la démarche, par exemple https://www.mairie.fr/demarches."
        type="url"
        value={d().siteWeb}
        error={form.error("siteWeb")}
      />
      <Field
        name="retentionMonths"
        label="Durée de conservation des dossiers, en mois"
        hint="De 1 à 60 mois, comptés depuis la décision (depuis le dépôt pour un dossier en construction ; un dossier en instruction est gardé). Au terme, l’usager est prévenu deux semaines avant, puis le dossier est supprimé."
        type="number"
        min={1}
        max={60}
        step={1}
        inputmode="numeric"
        value={String(d().retentionMonths)}
        error={form.error("retentionMonths")}
      />
      <div class="field">
        <div class="check">
          <input
            id="un-dossier-par-usager"
            type="checkbox"
            name="unDossierParUsager"
            value="oui"
            checked={d().unDossierParUsager}
            aria-describedby="un-dossier-aide"
          />
          <label for="un-dossier-par-usager">Un seul dossier par usager</label>
        </div>
        <p class="hint" id="un-dossier-aide">
          Une personne qui a déjà un dossier sur cette démarche (hors corbeille) le reprend au lieu
          d’en commencer un autre. Les dossiers de test ne comptent pas.
        </p>
      </div>
      <IdentiteFields demarche={d()} error={form.error} />
      <Field
        name="deadline"
        label="Date limite de dépôt (facultatif)"
        hint="Après ce jour, plus aucun dossier ne peut être déposé."
        type="date"
        value={dateInput(d().deadline)}
        error={form.error("deadline")}
      />
      <Show when={saved()}>
        <p class="notice notice--success" role="status">Les paramètres sont enregistrés.</p>
      </Show>
      <div class="form__actions">
        <button type="submit" class="button" disabled={form.pending()}>
          Enregistrer les paramètres
        </button>
      </div>
    </form>
  );
}

export default function AdminParametres() {
  return (
    <DemarcheFrame title={() => "Paramètres"}>
      {({ demarche, reload }) => (
        <>
          <LogoField demarcheId={demarche().id} fileId={demarche().logoFileId} reload={reload} />
          <SettingsForm demarche={demarche()} reload={reload} />
        </>
      )}
    </DemarcheFrame>
  );
}
