/**
 * The instance the export benchmark reads: one démarche of 100,000 deposited dossiers whose
 * form has 12 champs (text, textarea, choice, numbers, date, date and time, booleans, e-mail,
 * phone), so that an export of « tous » is 100,000 rows × 20 columns (8 of the dossier, 12 of
 * the form), a fifth of them with labels. Written straight in SQL, kept under
 * `data/bench/export/` (git-ignored) and reused while its version and the list of migrations
 * it was made with match (a migration renamed or removed since would stop the instance).
 */
import { DatabaseSync } from "node:sqlite";
import { loadConfig } from "../../core/config.ts";
import { createInstance } from "../../core/main.ts";
import { migrations } from "../../migrations/mod.ts";

const VERSION = "export-1";
const MIGRATIONS = Object.keys(migrations).join(",");
export const DOSSIERS = 100_000;
const USAGERS = 5_000;
const BATCH = 500;
export const INSTRUCTEUR = "instructeur@export.test";
const ZONES = ["Atlantique", "Manche", "Méditerranée", "Mer du Nord", "Outre-mer"];
const WORDS = ["bateau", "voilier", "pêche", "quai", "mouillage", "coque", "mât", "ancre"];
const STATES = ["en_construction", "en_instruction", "accepte", "refuse", "sans_suite"];
const LABELS = ["Urgent", "À relancer", "Complet"];

export interface ExportData {
  readonly dataDir: string;
  readonly demarcheId: number;
  readonly instructeurId: number;
}

/** A small deterministic generator (mulberry32), so every generation is the same. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6D2B79F5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function insertMany(db: DatabaseSync, table: string, columns: string[], rows: unknown[][]) {
  if (rows.length === 0) return;
  const one = `(${columns.map(() => "?").join(",")})`;
  db.prepare(`insert into ${table} (${columns.join(",")}) values ${rows.map(() => one).join(",")}`)
    .run(...(rows.flat() as (string | number | null)[]));
}

const FORM = {
  champs: [
    { stableId: "nom", type: "text", label: "Nom du bateau", mandatory: true },
    { stableId: "immat", type: "text", label: "Immatriculation", mandatory: true },
    {
      stableId: "zone",
      type: "drop_down_list",
      label: "Zone",
      mandatory: true,
      options: { choices: ZONES },
    },
    { stableId: "longueur", type: "decimal_number", label: "Longueur (m)", mandatory: true },
    { stableId: "passagers", type: "integer_number", label: "Passagers", mandatory: true },
    { stableId: "description", type: "textarea", label: "Description", mandatory: false },
    { stableId: "achat", type: "date", label: "Date d’achat", mandatory: true },
    { stableId: "visite", type: "datetime", label: "Visite", mandatory: false },
    { stableId: "assure", type: "yes_no", label: "Assuré", mandatory: true },
    { stableId: "certifie", type: "checkbox", label: "Certifié exact", mandatory: true },
    { stableId: "email", type: "email", label: "Courriel du skipper", mandatory: false },
    { stableId: "telephone", type: "phone", label: "Téléphone", mandatory: false },
  ],
  annotations: [],
};

/** The generated instance, made on first use (about half a minute), reused afterwards. */
export async function exportData(root = "data/bench/export"): Promise<ExportData> {
  const marker = `${root}/ready.json`;
  try {
    const ready = JSON.parse(await Deno.readTextFile(marker));
    if (ready.version === VERSION && ready.migrations === MIGRATIONS) {
      return { ...ready.data, dataDir: root };
    }
  } catch {
    // Not generated yet (or by another version): generate.
  }
  await Deno.remove(root, { recursive: true }).catch(() => {});
  await Deno.mkdir(root, { recursive: true });
  const instance = await createInstance(
    loadConfig({ DATA_DIR: root, BASE_URL: "http://127.0.0.1:8000" }),
    { startWorker: false, serveUi: false, log: () => {} },
  );
  await instance.close();
  const db = new DatabaseSync(`${root}/guichet.sqlite`);
  db.exec("PRAGMA journal_mode = WAL");
  db.exec("PRAGMA synchronous = OFF");
  const now = "2026-01-15T10:00:00.000Z";
  const rand = random(7);
  const form = JSON.stringify(FORM);
  db.exec("begin");
  const users = [[INSTRUCTEUR, null, now, now, now]];
  for (let i = 0; i < USAGERS; i++) users.push([`usager${i}@exemple.fr`, null, now, now, now]);
  for (let i = 0; i < users.length; i += BATCH) {
    insertMany(db, "users", [
      "email",
      "password_hash",
      "email_verified_at",
      "created_at",
      "updated_at",
    ], users.slice(i, i + BATCH));
  }
  insertMany(db, "user_roles", ["user_id", "role", "created_at"], [[1, "instructeur", now]]);
  insertMany(
    db,
    "demarches",
    ["id", "titre", "state", "path", "draft_form", "created_at", "updated_at", "published_at"],
    [[1, "Immatriculation des bateaux", "publiee", "bateaux", form, now, now, now]],
  );
  insertMany(db, "revisions", ["id", "demarche_id", "number", "form", "published_at"], [[
    1,
    1,
    1,
    form,
    now,
  ]]);
  db.exec("update demarches set published_revision_id = 1");
  insertMany(
    db,
    "groupes_instructeurs",
    ["id", "demarche_id", "label", "is_default", "position", "created_at"],
    [[1, 1, "Défaut", 1, 0, now]],
  );
  insertMany(db, "groupe_membres", ["groupe_id", "user_id", "created_at"], [[1, 1, now]]);
  insertMany(
    db,
    "demarche_labels",
    ["id", "demarche_id", "name", "color", "created_at"],
    LABELS.map((name, i) => [i + 1, 1, name, "blue", now]),
  );
  db.exec("commit");

  for (let start = 1; start <= DOSSIERS; start += BATCH) {
    const dossiers: unknown[][] = [];
    const labels: unknown[][] = [];
    for (let id = start; id < Math.min(start + BATCH, DOSSIERS + 1); id++) {
      const state = STATES[Math.floor(rand() * STATES.length)];
      const decided = ["accepte", "refuse", "sans_suite"].includes(state);
      const day = new Date(Date.UTC(2024, 0, 1) + id * 600_000).toISOString();
      const words = Array.from({ length: 5 }, () => WORDS[Math.floor(rand() * WORDS.length)]);
      // Some descriptions need quoting in CSV: a « ; », quotes, a second line.
      const description = rand() < 0.1
        ? `${words.join(" ")} ; « "${words[0]}" »\nsuite`
        : `${words.join(" ")}.`;
      const visite = new Date(Date.UTC(2025, 0, 1) + Math.floor(rand() * 365 * 24) * 3_600_000)
        .toISOString().slice(0, 16);
      const values: Record<string, unknown> = {
        nom: `Bateau ${id}`,
        immat: `FR-${String(id).padStart(6, "0")}`,
        zone: ZONES[Math.floor(rand() * ZONES.length)],
        longueur: Math.round((4 + rand() * 20) * 10) / 10,
        passagers: 1 + Math.floor(rand() * 12),
        description,
        achat: new Date(Date.UTC(2010, 0, 1) + Math.floor(rand() * 5000) * 86_400_000)
          .toISOString().slice(0, 10),
        assure: rand() < 0.8,
        certifie: true,
      };
      if (rand() < 0.7) values.visite = visite;
      if (rand() < 0.6) values.email = `skipper${id}@exemple.fr`;
      if (rand() < 0.6) values.telephone = `+336${String(id).padStart(8, "0")}`;
      dossiers.push([
        id,
        1,
        1,
        2 + Math.floor(rand() * USAGERS),
        state,
        JSON.stringify(values),
        1,
        decided && state !== "accepte" ? "Dossier incomplet." : null,
        day,
        day,
        day,
        state === "en_instruction" || decided ? day : null,
        decided ? day : null,
        0,
      ]);
      if (rand() < 0.2) labels.push([id, 1 + Math.floor(rand() * LABELS.length), now]);
      if (rand() < 0.05) labels.push([id, 3, now]);
    }
    db.exec("begin");
    insertMany(db, "dossiers", [
      "id",
      "demarche_id",
      "revision_id",
      "owner_id",
      "state",
      "champ_values",
      "groupe_id",
      "motivation",
      "created_at",
      "updated_at",
      "deposited_at",
      "en_instruction_at",
      "decided_at",
      "archived",
    ], dossiers); // deno-fmt-ignore
    const seen = new Set<string>();
    insertMany(
      db,
      "dossier_labels",
      ["dossier_id", "label_id", "created_at"],
      labels.filter((l) => !seen.has(`${l[0]}:${l[1]}`) && seen.add(`${l[0]}:${l[1]}`)),
    );
    db.exec("commit");
  }
  db.exec("analyze");
  db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  db.close();
  const data = { demarcheId: 1, instructeurId: 1 };
  await Deno.writeTextFile(
    marker,
    JSON.stringify({ version: VERSION, migrations: MIGRATIONS, data }),
  );
  return { ...data, dataDir: root };
}
