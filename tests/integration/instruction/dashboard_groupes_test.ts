/**
 * The dashboard of an instructeur in both groupes of a démarche, whose dossiers alternate
 * between the groupes: every tab, every sort both ways, walked in pages of two, gives each
 * dossier of the tab once, in the order computed by hand — the page merges one walk per
 * groupe. An instructeur of one groupe sees that groupe's dossiers alone, in the same order.
 * The page's statements for two groupes sort at most the merged page, never the groupes.
 */
import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import { CompiledQuery, createQueryId, type KyselyPlugin, type RootOperationNode } from "kysely";
import {
  type Agent,
  signedUpAgent,
  startTestInstance,
  superAdminAgent,
  type TestInstance,
} from "../../helpers/instance.ts";
import { invitedAgent as instructeur } from "../../helpers/people.ts";
import { testOnPostgres } from "../../helpers/postgres.ts";
import { pageRows } from "../../../core/instruction/dashboard_store.ts";
import type { Tab } from "../../../core/shared/dashboard.ts";

interface Ctx {
  t: TestInstance;
  /** In both groupes. */
  marc: Agent;
  /** In the groupe « Manche » only. */
  ines: Agent;
  demarcheId: number;
  groupes: { defaut: number; manche: number };
}

/** Deposited in this order: the groupes alternate unevenly, some values are missing. */
const FILLED: { zone: string; nom?: string; longueur?: number }[] = [
  { zone: "Manche", nom: "Zoé", longueur: 12 },
  { zone: "Atlantique", nom: "albert", longueur: 9 },
  { zone: "Atlantique", nom: "Émile" },
  { zone: "Manche", nom: "bernard", longueur: 100 },
  { zone: "Atlantique", longueur: 9 },
  { zone: "Manche", nom: "Émile", longueur: 30 },
  { zone: "Manche", nom: "Yann", longueur: 7 },
  { zone: "Atlantique", nom: "corentin", longueur: 12 },
  { zone: "Manche" },
  { zone: "Atlantique", nom: "Anne", longueur: 41 },
];

const groupes = suite<Ctx>("dashboard over several groupes");
groupes.before(async (ctx) => {
  const t = ctx.t = await startTestInstance();
  const admin = (await superAdminAgent(t)).trpc;
  const { id } = await admin.admin.demarches.create.mutate({ titre: "Deux groupes" });
  ctx.demarcheId = id;
  await admin.admin.demarches.updateSettings.mutate({
    id,
    titre: "Deux groupes",
    service: { nom: "Service nautique", organisme: "Mairie", email: "nautique@mairie.fr" },
    siteWeb: "https://www.mairie.fr",
  });
  await admin.admin.demarches.saveForm.mutate({
    id,
    form: {
      champs: [
        {
          stableId: "zone",
          type: "drop_down_list",
          label: "Zone",
          mandatory: true,
          options: { choices: ["Atlantique", "Manche"] },
        },
        { stableId: "nom", type: "text", label: "Nom", mandatory: false },
        { stableId: "longueur", type: "integer_number", label: "Longueur", mandatory: false },
      ],
      annotations: [],
    },
  });
  const [defaut] = await admin.admin.demarches.groupes.list.query({ demarcheId: id });
  const { id: manche } = await admin.admin.demarches.groupes.add.mutate({
    demarcheId: id,
    label: "Manche",
  });
  await admin.admin.demarches.groupes.setRule.mutate({
    demarcheId: id,
    groupeId: manche,
    rule: { op: "eq", champ: "zone", value: "Manche" },
  });
  ctx.groupes = { defaut: defaut.id, manche };
  const add = (groupeId: number, email: string) =>
    admin.admin.demarches.groupes.addInstructeur.mutate({ demarcheId: id, groupeId, email });
  await add(defaut.id, "marc@mairie.fr");
  ctx.marc = await instructeur(t, "marc@mairie.fr");
  await add(manche, "marc@mairie.fr");
  await add(manche, "ines@mairie.fr");
  ctx.ines = await instructeur(t, "ines@mairie.fr");
  await admin.admin.demarches.publish.mutate({ id, path: "deux-groupes" });
  const usagers = [
    await signedUpAgent(t, "proprietaire@exemple.fr"),
    await signedUpAgent(t, "aline@exemple.fr"),
    await signedUpAgent(t, "yves@exemple.fr"),
  ];
  const ids: number[] = [];
  for (const [i, values] of FILLED.entries()) {
    const owner = usagers[i % 3];
    const { id: dossier } = await owner.trpc.usager.start.mutate({ path: "deux-groupes" });
    await owner.trpc.usager.save.mutate({ id: dossier, values });
    await owner.trpc.usager.deposer.mutate({ id: dossier });
    ids.push(dossier);
  }
  // Decided in both groupes (not in deposit order), some en instruction, one archived, one
  // followed without being taken in hand.
  const decide = (i: number, event: string) =>
    ctx.marc.trpc.instruction.decide.mutate({
      id: ids[i],
      event: event as "accepter",
      ...(event === "passer_en_instruction" ? {} : { motivation: "Vu." }),
    });
  for (const i of [7, 0, 3, 4, 9, 2]) await decide(i, "passer_en_instruction");
  for (
    const [i, event] of [[7, "accepter"], [0, "refuser"], [9, "accepter"], [
      3,
      "classer_sans_suite",
    ]] as const
  ) {
    await decide(i, event);
  }
  await ctx.marc.trpc.instruction.archive.mutate({ id: ids[9], on: true });
  await ctx.ines.trpc.instruction.follow.mutate({ id: ids[5], on: true });
  // Taking in hand may follow: none of 2's followers, so that « à suivre » shows one en
  // instruction dossier too.
  await ctx.t.deps.db.deleteFrom("dossier_follows").where("dossier_id", "=", ids[2]).execute();
});
groupes.after(async (ctx) => {
  await ctx.t.stop();
});

type Sort = {
  by: "numero" | "depot" | "modification" | "decision" | "etat" | "usager" | "champ";
  dir: "asc" | "desc";
  stableId?: string;
};
const SORTS: Sort[] = [
  { by: "numero", dir: "asc" },
  { by: "depot", dir: "asc" },
  { by: "modification", dir: "asc" },
  { by: "decision", dir: "asc" },
  { by: "etat", dir: "asc" },
  { by: "usager", dir: "asc" },
  { by: "champ", stableId: "nom", dir: "asc" },
  { by: "champ", stableId: "longueur", dir: "asc" },
];
const TABS: Tab[] = ["a_suivre", "suivis", "traites", "tous", "archives"];
const STATE_ORDER = ["en_construction", "en_instruction", "accepte", "refuse", "sans_suite"];
const DECIDED = ["accepte", "refuse", "sans_suite"];

interface Known {
  id: number;
  state: string;
  archived: number;
  groupe_id: number | null;
  deposited_at: string | null;
  updated_at: string;
  decided_at: string | null;
  usager: string;
  followers: number[];
}

/** Every dossier of the démarche as stored, with who follows it. */
async function known(ctx: Ctx): Promise<Known[]> {
  const db = ctx.t.deps.db;
  const rows = await db.selectFrom("dossiers").innerJoin("users", "users.id", "dossiers.owner_id")
    .select([
      "dossiers.id",
      "dossiers.state",
      "dossiers.archived",
      "dossiers.groupe_id",
      "dossiers.deposited_at",
      "dossiers.updated_at",
      "dossiers.decided_at",
      "users.email as usager",
    ])
    .where("dossiers.demarche_id", "=", ctx.demarcheId).execute();
  const follows = await db.selectFrom("dossier_follows").select(["dossier_id", "user_id"])
    .execute();
  return rows.map((r) => ({
    ...r,
    archived: Number(r.archived),
    followers: follows.filter((f) => f.dossier_id === r.id).map((f) => f.user_id),
  }));
}

async function userId(ctx: Ctx, email: string): Promise<number> {
  return (await ctx.t.deps.db.selectFrom("users").select("id").where("email", "=", email)
    .executeTakeFirstOrThrow()).id;
}

/** The tab's dossiers, by its rules written out here. */
function inTab(tab: Tab, d: Known, me: number): boolean {
  const active = ["en_construction", "en_instruction"].includes(d.state) && !d.archived;
  switch (tab) {
    case "a_suivre":
      return active && d.followers.length === 0;
    case "suivis":
      return active && d.followers.includes(me);
    case "traites":
      return DECIDED.includes(d.state) && !d.archived;
    case "tous":
      return d.state !== "brouillon" && !d.archived;
    case "archives":
      return d.state !== "brouillon" && d.archived === 1;
  }
}

const plain = (s: string) => s.normalize("NFD").replace(/\p{M}+/gu, "").toLowerCase();

/** The expected order: rows without a value last (newest first), then by key and number. */
function expectedOrder(ids: number[], rows: Known[], sort: Sort): number[] {
  const keyOf = (d: Known): string | number | null => {
    const filled = FILLED[ids.indexOf(d.id)];
    switch (sort.by) {
      case "numero":
        return d.id;
      case "depot":
        return d.deposited_at;
      case "modification":
        return d.updated_at;
      case "decision":
        return d.decided_at;
      case "etat":
        return STATE_ORDER.indexOf(d.state);
      case "usager":
        return d.usager;
      case "champ": {
        const value = filled[sort.stableId as "nom" | "longueur"];
        if (value === undefined) return null;
        return typeof value === "number" ? value : plain(value);
      }
    }
  };
  const sign = sort.dir === "asc" ? 1 : -1;
  return [...rows].sort((a, b) => {
    const [ka, kb] = [keyOf(a), keyOf(b)];
    if (ka === null || kb === null) return ka === kb ? b.id - a.id : ka === null ? 1 : -1;
    if (ka !== kb) return (ka < kb ? -1 : 1) * sign;
    return sort.by === "etat" ? b.id - a.id : (a.id - b.id) * sign;
  }).map((r) => r.id);
}

async function walk(agent: Agent, demarcheId: number, tab: Tab, sort: Sort, limit: number) {
  const seen: number[] = [];
  let after: { key: string | number | null; id: number } | undefined;
  let pages = 0;
  do {
    const page = await agent.trpc.instruction.dashboard.query({
      demarcheId,
      tab,
      limit,
      sort,
      after,
    });
    seen.push(...page.dossiers.map((d) => d.id));
    after = page.next ?? undefined;
    assert.ok(++pages <= FILLED.length + 1, "the pages end");
  } while (after);
  return seen;
}

groupes(
  "each tab and sort walks both groupes' dossiers once, in order, page after page",
  async (ctx) => {
    const all = await known(ctx);
    const ids = all.map((d) => d.id).sort((a, b) => a - b);
    const marc = await userId(ctx, "marc@mairie.fr");
    const ines = await userId(ctx, "ines@mairie.fr");
    // The fixture does hold both groupes in every tab but « archives ».
    for (const tab of TABS) {
      const rows = all.filter((d) => inTab(tab, d, marc));
      assert.ok(rows.length > 0, tab);
      if (tab !== "archives" && tab !== "suivis") {
        assert.equal(new Set(rows.map((d) => d.groupe_id)).size, 2, `${tab}: both groupes`);
      }
    }
    for (const tab of TABS) {
      for (const base of SORTS) {
        for (const dir of ["asc", "desc"] as const) {
          const sort = { ...base, dir };
          const name = `${tab}, ${sort.stableId ?? sort.by} ${dir}`;
          const both = all.filter((d) => inTab(tab, d, marc));
          for (const limit of [2, 3]) {
            const seen = await walk(ctx.marc, ctx.demarcheId, tab, sort, limit);
            assert.equal(seen, expectedOrder(ids, both, sort), `${name} by ${limit}`);
          }
          const manche = all.filter((d) =>
            d.groupe_id === ctx.groupes.manche && inTab(tab, d, ines)
          );
          const alone = await walk(ctx.ines, ctx.demarcheId, tab, sort, 2);
          assert.equal(alone, expectedOrder(ids, manche, sort), `${name}, one groupe`);
        }
      }
    }
  },
);

/** A plugin that keeps each statement run, to explain it afterwards. */
function recorder() {
  const nodes: RootOperationNode[] = [];
  const plugin: KyselyPlugin = {
    transformQuery: (args) => {
      nodes.push(args.node);
      return args.node;
    },
    transformResult: (args) => Promise.resolve(args.result),
  };
  return { nodes, plugin };
}

groupes(
  "a page over two groupes sorts at most the page's rows of each groupe, never the groupes",
  async (ctx) => {
    const marc = await userId(ctx, "marc@mairie.fr");
    const postgres = testOnPostgres();
    for (const sort of SORTS.filter((s) => s.by !== "champ" && s.by !== "usager")) {
      const { nodes, plugin } = recorder();
      const db = ctx.t.deps.db.withPlugin(plugin);
      await pageRows(db, {
        demarcheId: ctx.demarcheId,
        groupes: [ctx.groupes.defaut, ctx.groupes.manche],
        userId: marc,
        tab: "tous",
        sort: { ...sort, dir: "desc" },
        numeric: false,
        limit: 2,
        filters: {},
        expression: null,
      });
      const pages = nodes.filter((n) =>
        JSON.stringify(n).includes('"groupe_id"') && n.kind === "SelectQueryNode"
      );
      assert.ok(pages.length > 0, sort.by);
      for (const node of pages) {
        const query = ctx.t.deps.db.getExecutor().compileQuery(node, createQueryId());
        const sorted = await sortedTables(ctx, query, postgres);
        // Each groupe's walk is served in order by its index: a sort may only merge the
        // walks' limited rows, never read the dossiers themselves.
        assert.equal(sorted.filter((s) => s.bad), [], `${sort.by}: ${query.sql}`);
      }
    }
  },
);

/**
 * Each sort in the statement's plan, `bad` when it sorts rows read from `dossiers` rather
 * than the limited rows of a walk — on PostgreSQL with scans of whole tables disabled, as at
 * scale (the test's few rows would be read whole and sorted otherwise).
 */
async function sortedTables(
  ctx: Ctx,
  query: CompiledQuery,
  postgres: boolean,
): Promise<{ plan: string; bad: boolean }[]> {
  const db = ctx.t.deps.db;
  if (!postgres) {
    const { rows } = await db.executeQuery<{ id: number; parent: number; detail: string }>(
      CompiledQuery.raw(`explain query plan ${query.sql}`, [...query.parameters]),
    );
    return rows.filter((r) => /TEMP B-TREE FOR ORDER BY/.test(r.detail)).map((t) => ({
      plan: rows.map((r) => `${r.id}<${r.parent} ${r.detail}`).join("\n"),
      bad: rows.some((r) => r.parent === t.parent && /^(SCAN|SEARCH) dossiers\b/.test(r.detail)),
    }));
  }
  type Node = { "Node Type": string; Plans?: Node[] };
  const below = (n: Node, type: string): boolean =>
    (n.Plans ?? []).some((c) => c["Node Type"] === type || below(c, type));
  const sorts = (n: Node): Node[] => [
    ...(n["Node Type"] === "Sort" ? [n] : []),
    ...(n.Plans ?? []).flatMap(sorts),
  ];
  return await db.transaction().execute(async (trx) => {
    await trx.executeQuery(CompiledQuery.raw("set local enable_seqscan = off"));
    await trx.executeQuery(CompiledQuery.raw("set local enable_bitmapscan = off"));
    const { rows } = await trx.executeQuery<{ "QUERY PLAN": unknown }>(
      CompiledQuery.raw(`explain (format json) ${query.sql}`, [...query.parameters]),
    );
    const json = rows[0]["QUERY PLAN"];
    const root = (typeof json === "string" ? JSON.parse(json) : json)[0].Plan as Node;
    return sorts(root).map((s) => ({ plan: JSON.stringify(root), bad: !below(s, "Limit") }));
  });
}

groupes.run();
