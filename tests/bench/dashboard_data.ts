/**
 * The instance the dashboard benchmark reads: 1,000,000 dossiers written straight in SQL
 * (batched multi-row inserts, one transaction per batch), with their champ index rows and
 * search text, and the tab counters computed once at the end. One démarche holds 200,000
 * of them over two groupes; the bench instructeur is in the first. Kept under
 * `data/bench/dashboard/` (git-ignored) and reused while its version matches.
 */
import { DatabaseSync } from "node:sqlite";
import { loadConfig } from "../../core/config.ts";
import { createInstance } from "../../core/main.ts";
import { sortText } from "../../core/dossiers/index_values.ts";

const VERSION = "dashboard-3";
export const TOTAL = 1_000_000;
/** Every fifth dossier belongs to the big démarche: 200,000. */
const BIG_EVERY = 5;
const OTHER_DEMARCHES = 19;
const USAGERS = 10_000;
const BATCH = 500;

export const INSTRUCTEUR = "instructeur@bench.test";
/**
 * The other instructeur, in the big démarche's second groupe, added to its first at the
 * start of each run (`dashboard_server.ts`, on the cached data): the « plusieurs groupes »
 * cases read the démarche through both groupes.
 */
export const MULTI_INSTRUCTEUR = `autre.${INSTRUCTEUR}`;
/** A word in about one dossier in a hundred: the search case. */
export const RARE_WORD = "sémaphore";
export const ZONES = ["Atlantique", "Manche", "Méditerranée", "Mer du Nord", "Outre-mer"];
const VOCABULARY = [
  "bateau",
  "voilier",
  "moteur",
  "pêche",
  "plaisance",
  "port",
  "quai",
  "mouillage",
  "coque",
  "mât",
  "voile",
  "ancre",
  "bouée",
  "chenal",
  "marée",
  "cale",
  "ponton",
  "capitaine",
  "équipage",
  "cabine",
  "hélice",
  "safran",
  "gouvernail",
  "amarre",
  "escale",
  "balise",
  "phare",
  "digue",
  "jetée",
  "bassin",
]; // deno-fmt-ignore
const STATES: [string, number][] = [
  ["brouillon", 0.10],
  ["en_construction", 0.25],
  ["en_instruction", 0.25],
  ["accepte", 0.25],
  ["refuse", 0.10],
  ["sans_suite", 0.05],
];

export interface DashboardData {
  readonly dataDir: string;
  readonly demarcheId: number;
  /** The bench instructeur's groupe, then the other one. */
  readonly groupes: readonly [number, number];
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

function pickState(r: number): string {
  for (const [state, p] of STATES) {
    if (r < p) return state;
    r -= p;
  }
  return "en_construction";
}

function insertMany(db: DatabaseSync, table: string, columns: string[], rows: unknown[][]) {
  if (rows.length === 0) return;
  const one = `(${columns.map(() => "?").join(",")})`;
  const stmt = db.prepare(
    `insert into ${table} (${columns.join(",")}) values ${rows.map(() => one).join(",")}`,
  );
  stmt.run(...(rows.flat() as (string | number | null)[]));
}

/** The generated instance, made on first use (about a minute), reused afterwards. */
export async function dashboardData(root = "data/bench/dashboard"): Promise<DashboardData> {
  const marker = `${root}/ready.json`;
  try {
    const ready = JSON.parse(await Deno.readTextFile(marker));
    if (ready.version === VERSION) return { ...ready.data, dataDir: root };
  } catch {
    // Not generated yet (or by another version): generate.
  }
  await Deno.remove(root, { recursive: true }).catch(() => {});
  await Deno.mkdir(root, { recursive: true });
  const started = performance.now();
  // The real instance creates the schema (core and plugins), then closes.
  const instance = await createInstance(
    loadConfig({ DATA_DIR: root, BASE_URL: "http://127.0.0.1:8000" }),
    { startWorker: false, serveUi: false, log: () => {} },
  );
  await instance.close();
  const db = new DatabaseSync(`${root}/guichet.sqlite`);
  db.exec("PRAGMA journal_mode = WAL");
  db.exec("PRAGMA synchronous = OFF");
  db.exec("PRAGMA cache_size = -400000");
  // Secondary indexes are dropped during the load and made again after: building an index
  // over sorted data is far faster than keeping it in step with random inserts.
  const indexes = db.prepare(
    "select name, sql from sqlite_master where type = 'index' and sql is not null " +
      "and tbl_name in ('dossiers', 'dossier_champ_index', 'dossier_follows')",
  ).all() as { name: string; sql: string }[];
  for (const i of indexes) db.exec(`drop index ${i.name}`);
  db.exec("insert into dossiers_search (dossiers_search, rank) values ('automerge', 0)");
  const now = "2026-01-15T10:00:00.000Z";
  const rand = random(42);
  const form = JSON.stringify({
    champs: [
      { stableId: "nom", type: "text", label: "Nom du bateau", mandatory: true },
      {
        stableId: "zone",
        type: "drop_down_list",
        label: "Zone",
        mandatory: true,
        options: { choices: ZONES },
      },
      { stableId: "longueur", type: "decimal_number", label: "Longueur (m)", mandatory: true },
      { stableId: "description", type: "textarea", label: "Description", mandatory: false },
    ],
    annotations: [],
  });

  db.exec("begin");
  insertMany(
    db,
    "users",
    ["email", "password_hash", "email_verified_at", "created_at", "updated_at"],
    [[INSTRUCTEUR, null, now, now, now], [MULTI_INSTRUCTEUR, null, now, now, now]],
  );
  for (let i = 0; i < USAGERS; i += BATCH) {
    const rows = [];
    for (let j = i; j < Math.min(i + BATCH, USAGERS); j++) {
      rows.push([`usager${j}@exemple.fr`, null, now, now, now]);
    }
    insertMany(db, "users", [
      "email",
      "password_hash",
      "email_verified_at",
      "created_at",
      "updated_at",
    ], rows);
  }
  const instructeurId = 1;
  insertMany(db, "user_roles", ["user_id", "role", "created_at"], [
    [1, "instructeur", now],
    [2, "instructeur", now],
  ]);
  const demarches = [];
  for (let d = 1; d <= OTHER_DEMARCHES + 1; d++) {
    demarches.push([d, `Démarche ${d}`, "publiee", `demarche-${d}`, form, now, now, now]);
  }
  insertMany(
    db,
    "demarches",
    ["id", "titre", "state", "path", "draft_form", "created_at", "updated_at", "published_at"],
    demarches,
  );
  const revisions = demarches.map((d) => [d[0], d[0], 1, form, now]);
  insertMany(db, "revisions", ["id", "demarche_id", "number", "form", "published_at"], revisions);
  db.exec("update demarches set published_revision_id = id");
  // Groupes: the big démarche (1) has groupes 1 and 2; every other démarche one groupe.
  const groupes = [[1, 1, "Groupe A", 1, 0, now], [2, 1, "Groupe B", 0, 1, now]];
  for (let d = 2; d <= OTHER_DEMARCHES + 1; d++) groupes.push([d + 1, d, "Défaut", 1, 0, now]);
  insertMany(
    db,
    "groupes_instructeurs",
    ["id", "demarche_id", "label", "is_default", "position", "created_at"],
    groupes,
  );
  insertMany(db, "groupe_membres", ["groupe_id", "user_id", "created_at"], [
    [1, 1, now],
    [2, 2, now],
    ...groupes.slice(2).map((g) => [g[0], 2, now]),
  ]);
  db.exec("commit");

  for (let start = 1; start <= TOTAL; start += BATCH) {
    const dossiers: unknown[][] = [];
    const index: unknown[][] = [];
    const search: unknown[][] = [];
    const follows: unknown[][] = [];
    for (let id = start; id < Math.min(start + BATCH, TOTAL + 1); id++) {
      const big = id % BIG_EVERY === 0;
      const demarcheId = big ? 1 : 2 + (id % OTHER_DEMARCHES);
      const groupeId = big ? 1 + ((id / BIG_EVERY) % 2) : demarcheId + 1;
      const state = pickState(rand());
      const ownerId = 3 + Math.floor(rand() * USAGERS);
      const zone = ZONES[Math.floor(rand() * ZONES.length)];
      const longueur = Math.round((4 + rand() * 20) * 10) / 10;
      const words = Array.from(
        { length: 4 },
        () => VOCABULARY[Math.floor(rand() * VOCABULARY.length)],
      );
      if (rand() < 0.01) words.push(RARE_WORD);
      const description = `${words.join(" ")}.`;
      const values = { nom: `Bateau ${id}`, zone, longueur, description };
      const day = new Date(Date.UTC(2020, 0, 1) + id * 180_000).toISOString();
      const deposited = state !== "brouillon";
      const decided = ["accepte", "refuse", "sans_suite"].includes(state);
      const archived = decided && rand() < 0.3 ? 1 : 0;
      dossiers.push([
        id,
        demarcheId,
        demarcheId,
        ownerId,
        state,
        JSON.stringify(values),
        deposited ? groupeId : null,
        decided && state !== "accepte" ? "Dossier incomplet." : null,
        day,
        day,
        deposited ? day : null,
        state === "en_instruction" || decided ? day : null,
        decided ? day : null,
        archived,
      ]);
      if (!deposited) continue;
      const usager = `usager${ownerId - 3}@exemple.fr`;
      const row = (
        stableId: string,
        text: string,
        num: number | null,
      ) => [id, demarcheId, stableId, text, num, text, 0, sortText(text)];
      index.push(
        row("@usager", usager, null),
        row("nom", values.nom, null),
        row("zone", zone, null),
        row("longueur", String(longueur), longueur),
        row("description", description, null),
      );
      search.push([
        demarcheId * 2 ** 32 + id, // as core/db/search.ts numbers its rows
        `${id} usager${ownerId - 3}@exemple.fr ${values.nom} ${zone} ${description}`,
      ]);
      // Taking a dossier in hand follows it: most en instruction dossiers are followed, by
      // the bench instructeur for one in five of those of their groupe.
      if ((state === "en_instruction" && rand() < 0.8) || (decided && rand() < 0.5)) {
        const userId = groupeId === 1 && rand() < 0.2 ? 1 : 2;
        follows.push([id, userId, day]);
      }
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
    for (let i = 0; i < index.length; i += 200) {
      insertMany(db, "dossier_champ_index", [
        "dossier_id", "demarche_id", "stable_id", "value_text", "value_num", "display",
        "item", "sort_text",
      ], index.slice(i, i + 200)); // deno-fmt-ignore
    }
    insertMany(db, "dossiers_search", ["rowid", "content"], search);
    insertMany(db, "dossier_follows", ["dossier_id", "user_id", "created_at"], follows);
    db.exec("commit");
  }
  for (const i of indexes) db.exec(i.sql);
  db.exec("insert into dossiers_search (dossiers_search) values ('optimize')");
  // The search vocabulary, as migration 0016 fills it (core/db/search.ts).
  db.exec("create virtual table temp.vocabulary using fts5vocab(main, 'dossiers_search', 'row')");
  db.exec("insert into search_terms (term) select term from temp.vocabulary");
  db.exec("insert into dossiers_search (dossiers_search, rank) values ('automerge', 4)");
  db.exec(
    "update demarches set deposited_dossiers_count = " +
      "(select count(*) from dossiers d where d.demarche_id = demarches.id and d.state != 'brouillon')",
  );
  // The counters, by the tabs' rules (as migration 0012 fills them).
  db.exec("delete from groupe_tab_counts; delete from groupe_follow_counts;");
  const active = "d.state in ('en_construction', 'en_instruction')";
  const decided = "d.state in ('accepte', 'refuse', 'sans_suite')";
  const followed = "exists (select 1 from dossier_follows f where f.dossier_id = d.id)";
  const fill = (tab: string, where: string) =>
    db.exec(`insert into groupe_tab_counts (groupe_id, tab, n)
      select d.groupe_id, '${tab}', count(*) from dossiers d
      where d.groupe_id is not null and ${where} group by d.groupe_id`);
  fill("a_suivre", `${active} and d.archived = 0 and not ${followed}`);
  fill("traites", `${decided} and d.archived = 0`);
  fill("tous", `(${active} or ${decided}) and d.archived = 0`);
  fill("archives", `(${active} or ${decided}) and d.archived = 1`);
  db.exec(`insert into groupe_follow_counts (groupe_id, user_id, n)
    select d.groupe_id, f.user_id, count(*) from dossiers d
    join dossier_follows f on f.dossier_id = d.id
    where d.groupe_id is not null and ${active} and d.archived = 0
    group by d.groupe_id, f.user_id`);
  db.exec("analyze");
  db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  db.close();
  const data = { demarcheId: 1, groupes: [1, 2] as const, instructeurId };
  await Deno.writeTextFile(marker, JSON.stringify({ version: VERSION, data }));
  console.log(
    `Generated ${TOTAL.toLocaleString("en")} dossiers in ${
      ((performance.now() - started) / 1000).toFixed(1)
    } s (${root})`,
  );
  return { ...data, dataDir: root };
}
