/**
 * « Identité FranceConnect » on the Paramètres page: whether usagers identify with a
 * certified provider (FranceConnect), and which champs of the form receive their civilité,
 * nom, prénom and date de naissance — filled for them and locked.
 */
import { For } from "solid-js";
import type { api } from "../../api.ts";
import { IDENTITY_PARTS, type IdentityPart } from "../../../core/shared/identite.ts";
import { SelectField } from "./choice_fields.tsx";
import type { Demarche } from "./demarche_frame.tsx";

type SettingsInput = Parameters<typeof api.admin.demarches.updateSettings.mutate>[0];

/** A champ whose label says which part it is, for a first choice the administrator checks. */
const GUESS: Record<IdentityPart, RegExp> = {
  civilite: /civilit/i,
  nom: /^nom\b/i,
  prenom: /^pr[ée]nom/i,
  dateNaissance: /naissance/i,
};

/** The input's `identiteFranceConnect` from the form's data: null when not asked. */
export function identiteInput(
  data: Record<string, string>,
): SettingsInput["identiteFranceConnect"] {
  if (data.identiteFranceConnect !== "oui") return null;
  const pick = (key: IdentityPart) => data[`identite.${key}`] || null;
  return {
    civilite: pick("civilite"),
    nom: pick("nom"),
    prenom: pick("prenom"),
    dateNaissance: pick("dateNaissance"),
  };
}

export function IdentiteFields(
  props: { demarche: Demarche; error: (key: string) => string | undefined },
) {
  const stored = () => props.demarche.identiteFranceConnect;
  const champsFor = (types: readonly string[]) =>
    props.demarche.form.champs.filter((c) => types.includes(c.type));
  const chosen = (key: IdentityPart, types: readonly string[]) => {
    const s = stored();
    if (s) return s[key] ?? "";
    return champsFor(types).find((c) => GUESS[key].test(c.label))?.stableId ?? "";
  };
  return (
    <fieldset class="fieldset fieldset--group">
      <legend>Identité FranceConnect</legend>
      <div class="field">
        <div class="check">
          <input
            id="identite-france-connect"
            type="checkbox"
            name="identiteFranceConnect"
            value="oui"
            checked={stored() !== null}
            aria-describedby="identite-france-connect-aide"
          />
          <label for="identite-france-connect">
            Demander aux usagers de s’identifier avec FranceConnect
          </label>
        </div>
        <p class="hint" id="identite-france-connect-aide">
          L’usager s’identifie avec un fournisseur d’identité certifiée (FranceConnect) avant de
          remplir : les champs choisis ci-dessous reçoivent son identité, ne peuvent pas être
          modifiés, et l’instructeur voit « Identité vérifiée par FranceConnect ».
        </p>
        <p class="field-error" hidden={!props.error("identiteFranceConnect")}>
          {props.error("identiteFranceConnect")}
        </p>
      </div>
      <For each={IDENTITY_PARTS}>
        {(part) => (
          <SelectField
            name={`identite.${part.key}`}
            label={`Champ qui reçoit « ${part.label} »`}
            value={chosen(part.key, part.types)}
            options={[
              { value: "", label: "Aucun" },
              ...champsFor(part.types).map((c) => ({ value: c.stableId, label: c.label })),
            ]}
            error={props.error(`identiteFranceConnect.${part.key}`)}
          />
        )}
      </For>
    </fieldset>
  );
}
