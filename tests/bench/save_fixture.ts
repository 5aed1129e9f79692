/**
 * The dossier the save and deposit benchmarks write to: a published démarche of 30 champs of
 * the common types (ten text champs the benchmarks save, and twenty others already filled:
 * dates, numbers, choices, e-mail, phone…), a usager signed in, and their brouillon.
 */
import {
  type Agent,
  signedUpAgent,
  startTestInstance,
  superAdminAgent,
  type TestInstance,
} from "../helpers/instance.ts";
import { publishedDemarche } from "../helpers/demarche.ts";

/** The ten text champs a save writes to. */
export const SAVED = Array.from({ length: 10 }, (_, i) => `c${i}`);

const OTHERS = [
  { stableId: "nom", type: "text", label: "Nom", value: "Dupont" },
  { stableId: "prenom", type: "text", label: "Prénom", value: "Camille" },
  { stableId: "naissance", type: "date", label: "Date de naissance", value: "1984-05-12" },
  {
    stableId: "arrivee",
    type: "date",
    label: "Date d’arrivée",
    options: { past: true },
    value: "2020-09-01",
  },
  { stableId: "rdv", type: "datetime", label: "Rendez-vous", value: "2026-03-12T14:30" },
  { stableId: "courriel", type: "email", label: "Courriel", value: "camille@exemple.fr" },
  { stableId: "telephone", type: "phone", label: "Téléphone", value: "06 12 34 56 78" },
  { stableId: "enfants", type: "integer_number", label: "Enfants", value: 2 },
  { stableId: "revenu", type: "decimal_number", label: "Revenu", value: 1234.5 },
  {
    stableId: "situation",
    type: "drop_down_list",
    label: "Situation",
    options: { choices: ["Célibataire", "Marié", "Pacsé"] },
    value: "Pacsé",
  },
  { stableId: "majeur", type: "yes_no", label: "Majeur", value: true },
  { stableId: "accord", type: "checkbox", label: "J’accepte", value: true },
  { stableId: "adresse", type: "textarea", label: "Adresse", value: "1 rue de la Paix" },
  ...Array.from({ length: 7 }, (_, i) => ({
    stableId: `autre${i}`,
    type: "text",
    label: `Autre champ ${i + 1}`,
    value: `valeur ${i}`,
  })),
];

/** The form of the bench démarche: 30 champs, the saved ones mandatory like a real form's. */
export const SAVE_FORM = {
  champs: [
    ...SAVED.map((stableId, i) => ({
      stableId,
      type: "text",
      label: `Champ ${i + 1}`,
      mandatory: true,
    })),
    ...OTHERS.map(({ value: _, ...champ }) => ({ ...champ, mandatory: true })),
  ],
  annotations: [],
};

/** The values of the twenty other champs, as a usager fills them. */
export const OTHER_VALUES: Record<string, unknown> = Object.fromEntries(
  OTHERS.map((c) => [c.stableId, c.value]),
);

export interface SaveFixture {
  readonly t: TestInstance;
  readonly owner: Agent;
  /** The démarche's path, to start more dossiers. */
  readonly path: string;
  /** The owner's brouillon, every champ filled. */
  readonly id: number;
  /** The owner's session cookie value (`guichet_session=…`). */
  readonly cookie: string;
}

/** Starts an instance with the bench démarche and the owner's filled brouillon. */
export async function startSaveFixture(): Promise<SaveFixture> {
  const t = await startTestInstance();
  const admin = await superAdminAgent(t);
  const path = "banc";
  await publishedDemarche(admin, { titre: "Banc d’essai", path, form: SAVE_FORM });
  const owner = await signedUpAgent(t, "titulaire@exemple.fr");
  const id = await filledBrouillon(owner, path);
  return { t, owner, path, id, cookie: owner.cookie };
}

/** A new brouillon of `agent` on the démarche at `path`, every champ filled and valid. */
export async function filledBrouillon(agent: Agent, path: string): Promise<number> {
  const { id } = await agent.trpc.usager.start.mutate({ path });
  const saved = await agent.trpc.usager.save.mutate({
    id,
    values: { ...OTHER_VALUES, ...Object.fromEntries(SAVED.map((c) => [c, `départ ${c}`])) },
  });
  const errors = Object.entries(saved.errors);
  if (errors.length) throw new Error(`The bench values are not valid: ${errors.join(", ")}`);
  return id;
}
