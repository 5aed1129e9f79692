/**
 * The dashboard's page query on one démarche's dossiers built once: every sort both ways in
 * pages of two against the order computed by hand, the filters (champs, dates, « Suivi
 * par »), the « suivis » tab. Over 400 lines because the cases share that one fixture.
 */
import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import {
  type Agent,
  signedUpAgent,
  startTestInstance,
  superAdminAgent,
  type TestInstance,
  tokenFrom,
} from "../../helpers/instance.ts";
import { invitedAgent as instructeur } from "../../helpers/people.ts";
import { publishedDemarche } from "../../helpers/demarche.ts";
import { refusal } from "../../helpers/refusal.ts";
import { champCondition, followedCondition } from "../../../core/instruction/dashboard_store.ts";

interface Ctx {
  t: TestInstance;
  marc: Agent;
  demarcheId: number;
  ids: number[];
  /** Who filled each dossier (`ids[i]` holds `FILLED[i]`). */
  owners: Agent[];
}

/** Values with accents, case, missing ones, lists and numbers, to sort and filter on. */
const FILLED: Record<string, unknown>[] = [
  { nom: "Zoé", longueur: 12, mise_a_l_eau: "2024-05-02", options: ["Voile"] },
  { nom: "albert", longueur: 9, options: ["Moteur", "Voile"] },
  { nom: "Émile", longueur: 100, mise_a_l_eau: "2023-11-30" },
  { nom: "bernard", mise_a_l_eau: "2025-01-15", options: ["Moteur"] },
  { nom: "Émile", longueur: 9, mise_a_l_eau: "2024-05-02" },
  { nom: "Sémaphore du cap", longueur: 30 },
];

const dashboard = suite<Ctx>("dashboard");
dashboard.before(setup);
async function setup(ctx: Ctx) {
  const t = ctx.t = await startTestInstance();
  ctx.demarcheId = await publishedDemarche(await superAdminAgent(t), {
    titre: "Tri du tableau",
    path: "tri-tableau",
    settings: {
      service: { nom: "Service nautique", organisme: "Mairie", email: "nautique@mairie.fr" },
    },
    form: {
      champs: [
        { stableId: "nom", type: "text", label: "Nom", mandatory: true },
        { stableId: "longueur", type: "integer_number", label: "Longueur", mandatory: false },
        { stableId: "mise_a_l_eau", type: "date", label: "Mise à l’eau", mandatory: false },
        {
          stableId: "options",
          type: "multiple_drop_down_list",
          label: "Options",
          mandatory: false,
          options: { choices: ["Moteur", "Voile"] },
        },
      ],
      annotations: [],
    },
  });
  ctx.marc = await instructeur(t, "marc@mairie.fr");
  const usagers = [
    await signedUpAgent(t, "proprietaire@exemple.fr"),
    await signedUpAgent(t, "aline@exemple.fr"),
    await signedUpAgent(t, "yves@exemple.fr"),
  ];
  ctx.ids = [];
  ctx.owners = [];
  for (const [i, values] of FILLED.entries()) {
    const owner = usagers[i % 3];
    const { id: dossier } = await owner.trpc.usager.start.mutate({ path: "tri-tableau" });
    await owner.trpc.usager.save.mutate({ id: dossier, values });
    await owner.trpc.usager.deposer.mutate({ id: dossier });
    ctx.ids.push(dossier);
    ctx.owners.push(owner);
  }
  // Two decided (the second later), one en instruction.
  for (const [i, event] of [[3, "accepter"], [0, "refuser"], [5, null]] as const) {
    await ctx.marc.trpc.instruction.decide.mutate({
      id: ctx.ids[i],
      event: "passer_en_instruction",
    });
    if (event) {
      await ctx.marc.trpc.instruction.decide.mutate({
        id: ctx.ids[i],
        event,
        motivation: "Vu.",
      });
    }
  }
}
dashboard.after(async (ctx) => {
  await ctx.t.stop();
});

type Sort = {
  by: "numero" | "depot" | "modification" | "decision" | "etat" | "usager" | "champ";
  dir: "asc" | "desc";
  stableId?: string;
};

async function walk(ctx: Ctx, sort: Sort, filters = {}, tab: "tous" | "suivis" = "tous") {
  const seen: {
    id: number;
    state: string;
    usager: string;
    deposited_at: string | null;
    updated_at: string;
    decided_at: string | null;
    followed: boolean;
  }[] = [];
  let after: { key: string | number | null; id: number } | undefined;
  do {
    const page = await ctx.marc.trpc.instruction.dashboard.query({
      demarcheId: ctx.demarcheId,
      tab,
      limit: 2,
      sort,
      after,
      filters,
    });
    seen.push(...page.dossiers);
    after = page.next ?? undefined;
  } while (after);
  return seen;
}

const plain = (s: string) => s.normalize("NFD").replace(/\p{M}+/gu, "").toLowerCase();
const STATE_ORDER = ["en_construction", "en_instruction", "accepte", "refuse", "sans_suite"];

/** The expected place of a row: rows without a value last, then by key and number. */
function expectedOrder(ctx: Ctx, sort: Sort, rows: Awaited<ReturnType<typeof walk>>) {
  const keyOf = (row: (typeof rows)[number]): string | number | null => {
    const filled = FILLED[ctx.ids.indexOf(row.id)];
    switch (sort.by) {
      case "numero":
        return row.id;
      case "depot":
        return row.deposited_at;
      case "modification":
        return row.updated_at;
      case "decision":
        return row.decided_at;
      case "etat":
        return STATE_ORDER.indexOf(row.state);
      case "usager":
        return row.usager;
      case "champ": {
        const value = filled[sort.stableId!];
        if (value === undefined) return null;
        if (typeof value === "number") return value;
        return plain(Array.isArray(value) ? value.join(", ") : String(value));
      }
    }
  };
  const sign = sort.dir === "asc" ? 1 : -1;
  return [...rows].sort((a, b) => {
    const [ka, kb] = [keyOf(a), keyOf(b)];
    if (ka === null || kb === null) return ka === kb ? b.id - a.id : ka === null ? 1 : -1;
    if (ka !== kb) return (ka < kb ? -1 : 1) * sign;
    // Within one state, newest first whatever the direction; elsewhere ties follow it.
    return sort.by === "etat" ? b.id - a.id : (a.id - b.id) * sign;
  }).map((r) => r.id);
}

const SORTS: Sort[] = [
  { by: "numero", dir: "asc" },
  { by: "depot", dir: "asc" },
  { by: "modification", dir: "asc" },
  { by: "decision", dir: "asc" },
  { by: "etat", dir: "asc" },
  { by: "usager", dir: "asc" },
  { by: "champ", stableId: "nom", dir: "asc" },
  { by: "champ", stableId: "longueur", dir: "asc" },
  { by: "champ", stableId: "mise_a_l_eau", dir: "asc" },
  { by: "champ", stableId: "options", dir: "asc" },
];
for (const base of SORTS) {
  for (const dir of ["asc", "desc"] as const) {
    const sort = { ...base, dir };
    dashboard(
      `sorted by ${sort.stableId ?? sort.by} ${dir}, keyset pages walk every dossier once in order`,
      async (ctx) => {
        const seen = await walk(ctx, sort);
        assert.is(seen.length, ctx.ids.length);
        assert.is(new Set(seen.map((x) => x.id)).size, ctx.ids.length, "no repeats");
        assert.equal(seen.map((x) => x.id), expectedOrder(ctx, sort, seen));
      },
    );
  }
}

dashboard("« suivis » sorts its dossiers on every column as « tous » does", async (ctx) => {
  // Followed and not decided: ids[5] (taken in hand), and two more followed now.
  for (const i of [1, 2]) {
    await ctx.marc.trpc.instruction.follow.mutate({ id: ctx.ids[i], on: true });
  }
  const followed = [ctx.ids[1], ctx.ids[2], ctx.ids[5]];
  for (const base of SORTS) {
    for (const dir of ["asc", "desc"] as const) {
      const sort = { ...base, dir };
      const seen = await walk(ctx, sort, {}, "suivis");
      assert.equal(seen.map((x) => x.id).sort(), [...followed].sort(), sort.stableId ?? sort.by);
      assert.equal(seen.map((x) => x.id), expectedOrder(ctx, sort, seen));
      assert.ok(seen.every((x) => x.followed === true), "each row says « Ne plus suivre »");
    }
  }
  // « Tous » marks the dossiers Marc follows (decided ones too), and those only.
  const follows = await ctx.t.deps.db.selectFrom("dossier_follows")
    .innerJoin("users", "users.id", "dossier_follows.user_id")
    .where("users.email", "=", "marc@mairie.fr").select("dossier_id").execute();
  const tous = await walk(ctx, SORTS[0]);
  assert.ok(tous.some((x) => !x.followed));
  assert.equal(
    tous.filter((x) => x.followed).map((x) => x.id).sort(),
    follows.map((f) => f.dossier_id).sort(),
  );
  for (const i of [1, 2]) {
    await ctx.marc.trpc.instruction.follow.mutate({ id: ctx.ids[i], on: false });
  }
});

dashboard("« Suivi par » keeps the dossiers an instructeur follows, in any order", async (ctx) => {
  const collegues = await ctx.marc.trpc.instruction.collegues.query({
    demarcheId: ctx.demarcheId,
  });
  const me = collegues.find((c) => c.moi)!;
  assert.is(me.email, "marc@mairie.fr");
  for (const i of [0, 3]) {
    await ctx.marc.trpc.instruction.follow.mutate({ id: ctx.ids[i], on: true });
  }
  const followed = [ctx.ids[0], ctx.ids[3], ctx.ids[5]];
  for (const sort of [SORTS[0], { by: "depot" as const }]) {
    for (const dir of ["asc", "desc"] as const) {
      const seen = await walk(ctx, { ...sort, dir }, { followedBy: me.id });
      assert.equal(seen.map((x) => x.id).sort(), [...followed].sort(), `${sort.by} ${dir}`);
      assert.equal(seen.map((x) => x.id), expectedOrder(ctx, { ...sort, dir }, seen));
    }
  }
  assert.equal(await walk(ctx, SORTS[0], { followedBy: me.id + 1000 }), [], "nobody's dossiers");
  // Read as a set (a few follows) or probed per dossier (many): the same dossiers.
  for (const few of [1000, 1]) {
    const ids = (await ctx.t.deps.db.selectFrom("dossiers").select("id")
      .where(await followedCondition(ctx.t.deps.db, me.id, few)).orderBy("id").execute())
      .map((r) => r.id);
    assert.equal(ids, [...followed].sort((a, b) => a - b), `few = ${few}`);
  }
  for (const i of [0, 3]) {
    await ctx.marc.trpc.instruction.follow.mutate({ id: ctx.ids[i], on: false });
  }
  const stranger = await signedUpAgent(ctx.t, "curieux@exemple.fr");
  const denied = await refusal(
    stranger.trpc.instruction.collegues.query({ demarcheId: ctx.demarcheId }),
  );
  assert.is(denied.data?.httpStatus, 404);
});

dashboard("a text column sorts without case or accents, empty values last", async (ctx) => {
  const seen = await walk(ctx, { by: "champ", stableId: "nom", dir: "asc" });
  const names = seen.map((x) => FILLED[ctx.ids.indexOf(x.id)].nom);
  assert.equal(names, ["albert", "bernard", "Émile", "Émile", "Sémaphore du cap", "Zoé"]);
  const byLength = await walk(ctx, { by: "champ", stableId: "longueur", dir: "desc" });
  assert.equal(byLength.map((x) => FILLED[ctx.ids.indexOf(x.id)].longueur ?? null), [
    100,
    30,
    12,
    9,
    9,
    null,
  ]);
});

dashboard("sorting on a champ that is not a column is refused in French", async (ctx) => {
  const err = await ctx.marc.trpc.instruction.dashboard.query({
    demarcheId: ctx.demarcheId,
    tab: "tous",
    sort: { by: "champ", stableId: "inconnu", dir: "asc" },
  }).catch((e) => e);
  assert.is(err.data?.httpStatus, 400);
  assert.match(err.message, /ne peut pas être triée/);
});

dashboard(
  "a démarche one does not instruct is refused as not found, though its form and the search are read at once",
  async (ctx) => {
    // The groupes, the preferences, the form to sort on and the search are read together: a
    // démarche that does not exist has no form either, and that failure must not come first.
    for (const demarcheId of [ctx.demarcheId + 1000, ctx.demarcheId]) {
      // Marc instructs nobody on the first; a usager of the second instructs nothing.
      const asker = demarcheId === ctx.demarcheId ? ctx.owners[0] : ctx.marc;
      const err = await refusal(asker.trpc.instruction.dashboard.query({
        demarcheId,
        tab: "tous",
        sort: { by: "champ", stableId: "nom", dir: "asc" },
        filters: { search: "emile" },
      }));
      assert.is(err.data?.httpStatus, 404);
      assert.is(err.message, "Vous n’instruisez pas cette démarche.");
    }
  },
);

dashboard("filters on each period: deposit, last change, decision", async (ctx) => {
  const today = new Date().toISOString().slice(0, 10);
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  const ids = async (filters: Record<string, string>) =>
    (await walk(ctx, { by: "numero", dir: "desc" }, filters)).map((x) => x.id).sort();
  assert.equal(
    await ids({ decidedFrom: today, decidedTo: tomorrow }),
    [ctx.ids[0], ctx.ids[3]].sort(),
  );
  assert.equal(await ids({ decidedFrom: tomorrow }), []);
  assert.is((await ids({ updatedFrom: today, updatedTo: tomorrow })).length, ctx.ids.length);
  assert.equal(await ids({ depositedTo: today }), []);
});

dashboard(
  "a champ filter on a value, with every sort and tab, keeps only its dossiers",
  async (ctx) => {
    const voile = ctx.ids.filter((_, i) =>
      (FILLED[i].options as string[] | undefined)?.includes("Voile")
    );
    const filters = { champs: [{ stableId: "options", op: "eq" as const, value: "Voile" }] };
    for (const sort of SORTS) {
      const seen = await walk(ctx, sort, filters);
      assert.equal(seen.map((x) => x.id).sort(), [...voile].sort(), sort.stableId ?? sort.by);
    }
    const numbers = await walk(ctx, { by: "numero", dir: "desc" }, {
      champs: [{ stableId: "longueur", op: "eq", value: 9 }],
    });
    assert.equal(numbers.map((x) => x.id), [ctx.ids[4], ctx.ids[1]]);
    const traites = await ctx.marc.trpc.instruction.dashboard.query({
      demarcheId: ctx.demarcheId,
      tab: "traites",
      filters,
    });
    assert.equal(traites.dossiers.map((x) => x.id), [ctx.ids[0]]);
  },
);

dashboard(
  "a champ filter read first or probed per dossier keeps the same dossiers",
  async (ctx) => {
    const filters = [
      { stableId: "longueur", op: "gt", value: 10 },
      { stableId: "longueur", op: "lte", value: 9 },
      { stableId: "options", op: "eq", value: "Moteur" },
      { stableId: "mise_a_l_eau", op: "lt", value: "2024-06-01" },
      { stableId: "nom", op: "eq", value: "personne" },
    ] as const;
    for (const c of filters) {
      const held = async (few: number) =>
        (await ctx.t.deps.db.selectFrom("dossiers").select("id")
          .where(await champCondition(ctx.t.deps.db, ctx.demarcheId, c, few))
          .orderBy("id").execute()).map((r) => r.id);
      const expected = ctx.ids.filter((_, i) => {
        const value = FILLED[i][c.stableId];
        const items = Array.isArray(value) ? value : value === undefined ? [] : [value];
        return items.some((x) =>
          c.op === "eq"
            ? x === c.value
            : c.op === "gt"
            ? x > c.value
            : c.op === "lte"
            ? x <= c.value
            : x < c.value
        );
      });
      assert.equal(await held(5000), expected, `${c.stableId} ${c.op} (read first)`);
      assert.equal(await held(0), expected, `${c.stableId} ${c.op} (probed)`);
    }
  },
);

dashboard(
  "the usager column is filtered like a champ and follows an e-mail change",
  async (ctx) => {
    const usager = (email: string) => ({
      champs: [{ stableId: "@usager", op: "eq" as const, value: email }],
    });
    const aline = await walk(ctx, { by: "numero", dir: "desc" }, usager("aline@exemple.fr"));
    assert.equal(aline.map((x) => x.id), [ctx.ids[4], ctx.ids[1]]);
    const password = "Un-mot-de-passe-solide-42";
    await ctx.owners[1].trpc.auth.changeEmail.mutate({ email: "a.zed@exemple.fr", password });
    const token = tokenFrom(await ctx.t.mail("a.zed@exemple.fr", "nouvelle adresse"));
    await ctx.owners[1].trpc.auth.confirmEmailChange.mutate({ token });
    assert.equal(await walk(ctx, { by: "numero", dir: "desc" }, usager("aline@exemple.fr")), []);
    const renamed = await walk(ctx, { by: "numero", dir: "desc" }, usager("a.zed@exemple.fr"));
    assert.equal(renamed.map((x) => x.id), [ctx.ids[4], ctx.ids[1]]);
    const byUsager = await walk(ctx, { by: "usager", dir: "asc" });
    assert.equal(byUsager.slice(0, 2).map((x) => x.usager), [
      "a.zed@exemple.fr",
      "a.zed@exemple.fr",
    ]);
  },
);

dashboard("search matches words by prefix, without accents, all of them", async (ctx) => {
  const found = async (search: string) =>
    (await walk(ctx, { by: "numero", dir: "desc" }, { search })).map((x) => x.id);
  assert.equal(await found("semaph"), [ctx.ids[5]]);
  assert.equal(await found("SÉMAPHORE cap"), [ctx.ids[5]]);
  assert.equal(await found("sémaphore zoé"), []);
  assert.equal(await found("emil"), [ctx.ids[4], ctx.ids[2]]);
  assert.equal(await found("proprietaire@exemple"), [ctx.ids[3], ctx.ids[0]]);
  assert.equal(await found(String(ctx.ids[2])), [ctx.ids[2]]);
  assert.equal(await found("introuvable"), []);
  // Every dossier matches: pages of two walk them all, newest first, both ways.
  assert.equal(await found("exemple"), [...ctx.ids].reverse());
  const oldest = await walk(ctx, { by: "numero", dir: "asc" }, { search: "exemple" });
  assert.equal(oldest.map((x) => x.id), ctx.ids);
  const sorted = await walk(ctx, { by: "champ", stableId: "nom", dir: "asc" }, { search: "emil" });
  assert.equal(sorted.map((x) => x.id), [ctx.ids[2], ctx.ids[4]]);
});

const nouveau = async (ctx: Ctx, id: number) =>
  (await ctx.marc.trpc.instruction.dashboard.query({ demarcheId: ctx.demarcheId, tab: "tous" }))
    .dossiers.find((x) => x.id === id)!.nouveau;

dashboard(
  "« Nouveau » appears after a usager message, goes once the dossier is read",
  async (ctx) => {
    const id = ctx.ids[2];
    assert.not.ok(await nouveau(ctx, id), "a fresh deposit is not flagged");
    await ctx.owners[2].trpc.messagerie.post.mutate({ dossierId: id, body: "Une question." });
    assert.ok(await nouveau(ctx, id));
    await ctx.marc.trpc.instruction.dossier.query({ id });
    await ctx.marc.trpc.messagerie.list.query({ dossierId: id });
    assert.not.ok(await nouveau(ctx, id));
  },
);

dashboard(
  "« Nouveau » appears after a re-deposit, goes once the dossier is opened",
  async (ctx) => {
    const id = ctx.ids[4];
    await ctx.marc.trpc.instruction.dossier.query({ id });
    await ctx.owners[4].trpc.usager.save.mutate({ id, values: { ...FILLED[4], nom: "Émile" } });
    await ctx.owners[4].trpc.usager.deposerModifications.mutate({ id });
    assert.ok(await nouveau(ctx, id));
    await ctx.marc.trpc.instruction.dossier.query({ id });
    assert.not.ok(await nouveau(ctx, id));
  },
);

dashboard.run();
