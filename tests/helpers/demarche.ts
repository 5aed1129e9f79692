/** A published démarche to test against, set up through the administrator's own API. */
import type { Agent } from "./instance.ts";

type Admin = Agent["trpc"]["admin"]["demarches"];
type FormInput = Parameters<Admin["saveForm"]["mutate"]>[0]["form"];
type SettingsInput = Parameters<Admin["updateSettings"]["mutate"]>[0];

export const SERVICE = {
  nom: "Service nautique",
  organisme: "Mairie de Brest",
  email: "n@mairie.fr",
} as const;

/**
 * Creates, fills and publishes a démarche at `path` with its service, `form` and the
 * instructeurs invited into its default groupe (marc@mairie.fr unless told otherwise);
 * returns its id. `settings` adds to the Paramètres (mode, unDossierParUsager…).
 */
export async function publishedDemarche(
  admin: Agent,
  opts: {
    titre: string;
    path: string;
    form: FormInput;
    instructeurs?: readonly string[];
    settings?: Partial<Omit<SettingsInput, "id">>;
  },
): Promise<number> {
  const demarches = admin.trpc.admin.demarches;
  const { id } = await demarches.create.mutate({ titre: opts.titre });
  await demarches.updateSettings.mutate({
    id,
    titre: opts.titre,
    service: SERVICE,
    siteWeb: "https://www.mairie.fr",
    ...opts.settings,
  });
  await demarches.saveForm.mutate({ id, form: opts.form });
  const [defaut] = await demarches.groupes.list.query({ demarcheId: id });
  for (const email of opts.instructeurs ?? ["marc@mairie.fr"]) {
    await demarches.groupes.addInstructeur.mutate({ demarcheId: id, groupeId: defaut.id, email });
  }
  await demarches.publish.mutate({ id, path: opts.path });
  return id;
}
