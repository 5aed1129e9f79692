/**
 * The shapes the API's routes read and answer, as valibot schemas: the route table
 * (http.ts) checks its inputs with them and the OpenAPI document (openapi.ts) is generated
 * from them, so what is documented is what is served. Answers use strict objects: a field
 * added to an answer and not here fails the OpenAPI test.
 */
import * as v from "valibot";
import { DEPOSITED_STATES } from "./model.ts";
import { MAX_ID, ROW_ID_DIGITS } from "../shared/ids.ts";

/**
 * A row's id in the path, 1 to `MAX_ID` (PostgreSQL's integer); anything else names nothing,
 * so reads as not found.
 */
export function idParam(notFound: string, description: string) {
  return v.pipe(
    v.string(notFound),
    v.description(description),
    v.regex(ROW_ID_DIGITS, notFound),
    v.transform(Number),
    v.maxValue(MAX_ID, notFound),
  );
}

/** A file answered as is, with its type and name (documented as binary). */
export const FILE_ANSWER = { file: true } as const;

/** `GET /openapi.json`: an OpenAPI 3.1 document. */
export const openApiAnswer = v.pipe(
  v.looseObject({ openapi: v.string(), info: v.looseObject({}), paths: v.looseObject({}) }),
  v.description("Un document OpenAPI 3.1."),
);

/** The error every refusal answers, with its HTTP status. */
export const erreurSchema = v.strictObject({
  erreur: v.strictObject({
    message: v.pipe(v.string(), v.description("Ce qui ne va pas et quoi faire, en français.")),
    code: v.pipe(
      v.string(),
      v.description(
        "BAD_REQUEST, UNAUTHORIZED, FORBIDDEN, NOT_FOUND, METHOD_NOT_ALLOWED, CONFLICT, PAYLOAD_TOO_LARGE, TOO_MANY_REQUESTS ou INTERNAL_SERVER_ERROR.",
      ),
    ),
    champs: v.optional(
      v.pipe(
        v.record(v.string(), v.string()),
        v.description("Le message de chaque champ refusé, par identifiant de champ."),
      ),
    ),
  }),
});

const date = (description: string) => v.pipe(v.string(), v.description(description));
const nullableDate = (description: string) => v.nullable(date(description));

const etat = v.pipe(
  v.picklist(DEPOSITED_STATES),
  v.description("L’état du dossier (jamais « brouillon »)."),
);

/** `GET /demarches`. */
export const demarchesAnswer = v.strictObject({
  demarches: v.array(v.strictObject({
    id: v.number(),
    titre: v.string(),
    etat: v.pipe(v.string(), v.description("brouillon, publiee ou close.")),
    chemin: v.pipe(
      v.nullable(v.string()),
      v.description("L’adresse publique : /commencer/<chemin>."),
    ),
    dossiers: v.strictObject({
      total: v.pipe(v.number(), v.description("Dossiers déposés, brouillons exclus.")),
      par_etat: v.pipe(
        v.record(v.string(), v.number()),
        v.description("Le nombre de dossiers déposés dans chaque état."),
      ),
    }),
  })),
});

/** A champ or an annotation of a dossier, with its value as text and as stored. */
const champValue = v.strictObject({
  id: v.pipe(v.string(), v.description("L’identifiant stable du champ dans le formulaire.")),
  libelle: v.string(),
  type: v.pipe(v.string(), v.description("Le type de champ (text, date, piece_justificative…).")),
  valeur: v.pipe(v.string(), v.description("La valeur comme la lit une personne.")),
  brut: v.pipe(v.unknown(), v.description("La valeur enregistrée, telle quelle.")),
});

/** A dossier as the list and the detail both give it. */
export const dossierSchema = v.strictObject({
  id: v.number(),
  demarche_id: v.number(),
  etat,
  test: v.pipe(v.boolean(), v.description("Un dossier déposé en mode test de la démarche.")),
  archive: v.boolean(),
  depose_le: nullableDate("Date de dépôt, ISO 8601 en UTC."),
  en_instruction_le: nullableDate("Date du passage en instruction, ISO 8601 en UTC."),
  decide_le: nullableDate("Date de la décision, ISO 8601 en UTC."),
  modifie_le: date("Dernière modification, ISO 8601 en UTC."),
  supprime_par_usager_le: nullableDate("Date à laquelle l’usager l’a supprimé, s’il l’a fait."),
  usager: v.strictObject({
    email: v.string(),
    identite_verifiee: v.pipe(
      v.boolean(),
      v.description(
        "Vrai quand l’identité (civilité, nom, prénom, date de naissance) a été fournie par un fournisseur d’identité certifiée (FranceConnect), et non saisie.",
      ),
    ),
    identite_verifiee_par: v.pipe(
      v.nullable(v.string()),
      v.description("Le fournisseur qui l’a vérifiée, par exemple « FranceConnect »."),
    ),
  }),
  motivation: v.pipe(v.nullable(v.string()), v.description("La motivation de la décision.")),
  etiquettes: v.array(v.string()),
  champs: v.array(champValue),
  annotations: v.pipe(v.array(champValue), v.description("Les annotations privées.")),
  fichiers: v.pipe(
    v.array(v.strictObject({
      id: v.string(),
      nom: v.string(),
      taille: v.pipe(v.number(), v.description("En octets.")),
      type_mime: v.string(),
      origine: v.pipe(
        v.picklist(["champ", "annotation", "justificatif", "attestation"]),
        v.description("Où le dossier montre ce fichier."),
      ),
      champ_id: v.pipe(
        v.nullable(v.string()),
        v.description("Le champ ou l’annotation qui le porte (null pour la décision)."),
      ),
      url: v.pipe(
        v.string(),
        v.description("L’adresse où le télécharger avec le jeton, relative à l’instance."),
      ),
    })),
    v.description(
      "Les fichiers que montre le dossier : pièces jointes des champs visibles, annotations, justificatif et attestation de la décision.",
    ),
  ),
});

/** `GET /demarches/:id/dossiers`. */
export const dossiersAnswer = v.strictObject({
  dossiers: v.array(dossierSchema),
  suivant: v.pipe(
    v.nullable(v.string()),
    v.description("Le curseur à redonner dans « apres » pour la suite, même après la fin."),
  ),
  fin: v.pipe(v.boolean(), v.description("Vrai quand il n’y a rien de plus pour l’instant.")),
});

/** `GET /dossiers/:id`. */
export const dossierAnswer = v.strictObject({
  dossier: v.strictObject({
    ...dossierSchema.entries,
    historique: v.array(v.strictObject({
      evenement: v.string(),
      de: v.nullable(v.string()),
      vers: v.nullable(v.string()),
      automatique: v.boolean(),
      par: v.pipe(v.nullable(v.string()), v.description("L’e-mail de qui a agi.")),
      motivation: v.nullable(v.string()),
      le: v.string(),
    })),
  }),
});

/** A champ of the descriptor; a répétition's children have the same shape, without children. */
const describedChampEntries = {
  id: v.pipe(v.string(), v.description("L’identifiant stable du champ, celui des valeurs.")),
  libelle: v.string(),
  type: v.pipe(v.string(), v.description("Le type de champ (text, drop_down_list, repetition…).")),
  type_libelle: v.pipe(v.string(), v.description("Le nom du type en français.")),
  obligatoire: v.boolean(),
  description: v.string(),
  section: v.pipe(
    v.boolean(),
    v.description(
      "Un titre de section : les champs qui suivent, jusqu’au suivant, en font partie.",
    ),
  ),
  options: v.pipe(
    v.record(v.string(), v.unknown()),
    v.description("Les options du type de champ, telles que l’administrateur les a réglées."),
  ),
  choix: v.pipe(
    v.nullable(v.array(v.string())),
    v.description("Les valeurs proposées d’une liste de choix ; null pour un autre type."),
  ),
  condition: v.pipe(
    v.unknown(),
    v.description(
      'null, ou la condition d’affichage : { op, champ, value } (op : eq, neq, lt, lte, gt, gte, includes), { op: "empty", champ }, ou { op: "and" | "or", conditions: [...] }.',
    ),
  ),
};

const describedChamp = v.strictObject({
  ...describedChampEntries,
  enfants: v.optional(
    v.pipe(
      v.array(v.strictObject(describedChampEntries)),
      v.description("Les champs d’une répétition, remplis ligne par ligne."),
    ),
  ),
});

/** `GET /demarches/:id`. */
export const demarcheAnswer = v.strictObject({
  demarche: v.strictObject({
    id: v.number(),
    titre: v.string(),
    description: v.string(),
    etat: v.pipe(v.string(), v.description("brouillon, publiee ou close.")),
    chemin: v.nullable(v.string()),
    publiee_le: nullableDate("Première publication, ISO 8601 en UTC."),
    close_le: nullableDate("Clôture, ISO 8601 en UTC."),
    revision: v.pipe(
      v.nullable(v.strictObject({ numero: v.number(), publiee_le: v.string() })),
      v.description("La révision publiée que décrivent les champs ; null si jamais publiée."),
    ),
    champs: v.array(describedChamp),
    annotations: v.pipe(v.array(describedChamp), v.description("Les annotations privées.")),
  }),
});
