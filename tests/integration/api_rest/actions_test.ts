/**
 * An instructeur's actions with a jeton « instruction »: through the same services as the
 * interface (events recorded as the jeton's owner, plugins' hooks, e-mails caught by the real
 * SMTP listener), refused in French to a jeton « lecture » (403), to a jeton whose owner does
 * not instruct the dossier (403), on an illegal transition (409) and on a bad body (400 with
 * the fields); two identical actions at once apply once; two different étiquette changes at
 * once are both kept; an Idempotency-Key is taken only with its action's effect. Over 400
 * lines because every action shares the one instance, démarches and jetons set up here.
 */
import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import { DatabaseSync } from "node:sqlite";
import { testOnPostgres } from "../../helpers/postgres.ts";
import {
  type Agent,
  BASE_URL,
  keepSessionsOpen,
  signedUpAgent,
  startTestInstance,
  superAdminAgent,
  type TestInstance,
} from "../../helpers/instance.ts";
import { invitedAgent } from "../../helpers/people.ts";
import { publishedDemarche } from "../../helpers/demarche.ts";
import spy, { spyRecord } from "../../fixtures/plugins/spy/mod.ts";

const ADMIN = "super@guichet.test";
const USAGER = "marin@exemple.fr";
const FORM = {
  champs: [{ stableId: "nom", type: "text", label: "Nom du bateau", mandatory: true }],
  annotations: [
    { stableId: "avis", type: "textarea", label: "Avis du secrétariat" },
    { stableId: "places", type: "integer_number", label: "Places à bord" },
  ],
};

interface Ctx {
  t: TestInstance;
  admin: Agent;
  usager: Agent;
  demarcheId: number;
  autreId: number;
  lecture: string;
  instruction: string;
  deposit(path?: string): Promise<number>;
}

// deno-lint-ignore no-explicit-any
type Json = any;

/** A tool's request with a jeton: the status and JSON it answers. */
async function call(
  ctx: Ctx,
  method: string,
  path: string,
  opts: { secret?: string; body?: unknown; raw?: string; key?: string } = {},
): Promise<{ status: number; body: Json }> {
  const headers: Record<string, string> = {
    authorization: `Bearer ${opts.secret ?? ctx.instruction}`,
    "content-type": "application/json",
  };
  if (opts.key) headers["idempotency-key"] = opts.key;
  const res = await ctx.t.app.fetch(
    new Request(`${BASE_URL}/api/v1${path}`, {
      method,
      headers,
      body: opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)),
    }),
  );
  return { status: res.status, body: await res.json() };
}

const eventsOf = (ctx: Ctx, id: number) =>
  ctx.t.deps.db.selectFrom("dossier_events").select(["event", "actor_id", "motivation"])
    .where("dossier_id", "=", id).orderBy("id").execute();

/** Mails caught so far to the usager about dossier `id`. */
async function mailsAbout(ctx: Ctx, id: number, subject = "") {
  await ctx.t.flush();
  return ctx.t.catcher!.mails.filter((m) =>
    m.to.includes(USAGER) && m.subject.includes(`n° ${id}`) && m.subject.includes(subject)
  );
}

const actions = suite<Ctx>("API instructeur actions");

actions.before(async (ctx) => {
  const t = ctx.t = await startTestInstance({
    extraPlugins: [{ source: "fixtures/spy", definition: spy }],
  });
  ctx.admin = await superAdminAgent(t, ADMIN);
  // The administrateur instructs the first démarche too; the second only marc does.
  ctx.demarcheId = await publishedDemarche(ctx.admin, {
    titre: "Permis de naviguer",
    path: "permis",
    form: FORM,
    instructeurs: ["marc@mairie.fr", ADMIN],
  });
  ctx.autreId = await publishedDemarche(ctx.admin, {
    titre: "Place au port",
    path: "place-port",
    form: FORM,
  });
  await invitedAgent(t, "marc@mairie.fr");
  for (const name of ["Urgent", "Pièce manquante"]) {
    await ctx.admin.trpc.admin.demarches.labels.create.mutate({
      demarcheId: ctx.demarcheId,
      name,
      color: "bleu",
    });
  }
  ctx.usager = await signedUpAgent(t, USAGER);
  ctx.deposit = async (path = "permis") => {
    const u = ctx.usager.trpc.usager;
    const { id } = await u.start.mutate({ path, test: false });
    await u.save.mutate({ id, values: { nom: "Goéland" } });
    await u.deposer.mutate({ id });
    return id;
  };
  const jetons = ctx.admin.trpc.admin.jetons;
  ctx.lecture = (await jetons.create.mutate({ label: "Tableur", days: 30, demarcheIds: null }))
    .secret;
  ctx.instruction = (await jetons.create.mutate({
    label: "Logiciel métier",
    days: 30,
    demarcheIds: null,
    access: "instruction",
  })).secret;
  await keepSessionsOpen(t);
});
actions.after(async (ctx) => {
  await ctx.t.stop();
});

actions("a jeton reads only unless made « instruction », and the list says which", async (ctx) => {
  const listed = await ctx.admin.trpc.admin.jetons.list.query();
  const byLabel = new Map(listed.map((t) => [t.label, t.access]));
  assert.is(byLabel.get("Tableur"), "lecture");
  assert.is(byLabel.get("Logiciel métier"), "instruction");
  const bad = await ctx.admin.call("admin.jetons.create", {
    label: "X",
    days: 30,
    demarcheIds: null,
    access: "tout",
  });
  assert.is(bad.status, 400);
  assert.match(JSON.stringify(bad.body), /lecture ou instruction/);
});

actions("a jeton « lecture » is refused every action with a French 403", async (ctx) => {
  const id = await ctx.deposit();
  const tries: [string, string, unknown][] = [
    ["POST", `/dossiers/${id}/passer-en-instruction`, {}],
    ["POST", `/dossiers/${id}/messages`, { message: "Bonjour" }],
    ["PATCH", `/dossiers/${id}/etiquettes`, { ajouter: ["Urgent"] }],
    ["POST", `/demarches/${ctx.demarcheId}/dossiers`, { champs: {} }],
  ];
  for (const [method, path, body] of tries) {
    const res = await call(ctx, method, path, { secret: ctx.lecture, body });
    assert.is(res.status, 403, path);
    assert.match(res.body.erreur.message, /ne permet que la lecture.*« Instruction »/);
  }
  assert.equal((await eventsOf(ctx, id)).map((e) => e.event), ["deposer"], "nothing changed");
  // Reading still works with it.
  assert.is((await call(ctx, "GET", `/dossiers/${id}`, { secret: ctx.lecture })).status, 200);
});

actions(
  "a jeton whose owner does not instruct the dossier's groupe is refused, saying how to fix it",
  async (ctx) => {
    const id = await ctx.deposit("place-port");
    const res = await call(ctx, "POST", `/dossiers/${id}/passer-en-instruction`);
    assert.is(res.status, 403);
    assert.match(res.body.erreur.message, new RegExp(`au nom de ${ADMIN}, qui n’instruit pas`));
    // A jeton given only the first démarche does not even see the other's dossier.
    const { secret } = await ctx.admin.trpc.admin.jetons.create.mutate({
      label: "Permis seulement",
      days: 30,
      demarcheIds: [ctx.demarcheId],
      access: "instruction",
    });
    const hidden = await call(ctx, "POST", `/dossiers/${id}/passer-en-instruction`, { secret });
    assert.is(hidden.status, 404);
    assert.is(hidden.body.erreur.message, "Ce dossier n’existe pas.");
    assert.equal((await eventsOf(ctx, id)).map((e) => e.event), ["deposer"]);
  },
);

actions(
  "passer en instruction then accepter: the lifecycle's events as the owner, hooks and e-mails",
  async (ctx) => {
    const id = await ctx.deposit();
    await ctx.t.flush();
    spyRecord.clear();
    const taken = await call(ctx, "POST", `/dossiers/${id}/passer-en-instruction`);
    assert.is(taken.status, 200, JSON.stringify(taken.body));
    assert.is(taken.body.dossier.etat, "en_instruction");
    await ctx.t.flush();
    const accepted = await call(ctx, "POST", `/dossiers/${id}/accepter`, {
      body: { motivation: "Dossier complet." },
    });
    assert.is(accepted.status, 200, JSON.stringify(accepted.body));
    assert.is(accepted.body.dossier.etat, "accepte");
    assert.is(accepted.body.dossier.motivation, "Dossier complet.");
    const [admin] = await ctx.t.deps.db.selectFrom("users").select("id")
      .where("email", "=", ADMIN).execute();
    const events = await eventsOf(ctx, id);
    assert.equal(events.map((e) => e.event), ["deposer", "passer_en_instruction", "accepter"]);
    assert.equal(events.slice(1).map((e) => e.actor_id), [admin.id, admin.id]);
    await ctx.t.flush();
    assert.equal(spyRecord.of(id), [
      "before passer_en_instruction",
      "after passer_en_instruction",
      "before accepter",
      "after accepter",
    ]);
    const mails = await mailsAbout(ctx, id);
    assert.ok(mails.some((m) => /accepté/.test(m.subject)), "the usager hears of the decision");
    assert.ok(mails.some((m) => /Dossier complet\./.test(m.text)), "with its motivation");
    // Taken in hand through the API, the dossier is followed by the owner, as in the UI.
    const followed = await ctx.t.deps.db.selectFrom("dossier_follows").select("user_id")
      .where("dossier_id", "=", id).execute();
    assert.equal(followed.map((f) => f.user_id), [admin.id]);
  },
);

actions(
  "an illegal transition is a French 409; a refus needs its motivation (400)",
  async (ctx) => {
    const id = await ctx.deposit();
    const early = await call(ctx, "POST", `/dossiers/${id}/accepter`, { body: {} });
    assert.is(early.status, 409);
    assert.match(early.body.erreur.message, /[a-zé]/);
    assert.is(early.body.erreur.code, "CONFLICT");
    await call(ctx, "POST", `/dossiers/${id}/passer-en-instruction`);
    const bare = await call(ctx, "POST", `/dossiers/${id}/refuser`, { body: {} });
    assert.is(bare.status, 400);
    assert.match(bare.body.erreur.champs.motivation, /motivation/);
    const blank = await call(ctx, "POST", `/dossiers/${id}/refuser`, {
      body: { motivation: "  " },
    });
    assert.is(blank.status, 400);
    const sans = await call(ctx, "POST", `/dossiers/${id}/classer-sans-suite`, {
      body: { motivation: "Demande retirée par téléphone." },
    });
    assert.is(sans.status, 200);
    assert.is(sans.body.dossier.etat, "sans_suite");
    const again = await call(ctx, "POST", `/dossiers/${id}/refuser`, {
      body: { motivation: "Trop tard." },
    });
    assert.is(again.status, 409);
  },
);

actions("a bad body is a French 400 naming its fields, never a 500", async (ctx) => {
  const id = await ctx.deposit();
  const notJson = await call(ctx, "POST", `/dossiers/${id}/messages`, { raw: "{message:" });
  assert.is(notJson.status, 400);
  assert.match(notJson.body.erreur.message, /JSON/);
  const extra = await call(ctx, "POST", `/dossiers/${id}/messages`, {
    body: { message: "Bonjour", pièce: 1 },
  });
  assert.is(extra.status, 400);
  const empty = await call(ctx, "POST", `/dossiers/${id}/messages`, { body: { message: "" } });
  assert.is(empty.status, 400);
  assert.is(empty.body.erreur.champs.message, "Écrivez le message (« message »).");
  const reason = await call(ctx, "POST", `/dossiers/${id}/demander-correction`, {
    body: { message: "Pièce illisible", raison: "autre" },
  });
  assert.is(reason.status, 400);
  assert.match(reason.body.erreur.champs.raison, /incorrect, incomplete, outdated/);
  const wrong = await call(ctx, "GET", `/dossiers/${id}/messages`);
  assert.is(wrong.status, 405);
});

actions("a message reaches the usager's messagerie and mailbox", async (ctx) => {
  const id = await ctx.deposit();
  const res = await call(ctx, "POST", `/dossiers/${id}/messages`, {
    body: { message: "Pouvez-vous préciser la longueur ?" },
  });
  assert.is(res.status, 200, JSON.stringify(res.body));
  const thread = await ctx.usager.trpc.messagerie.list.query({ dossierId: id });
  assert.equal(thread.messages.map((m) => [m.body, m.author]), [
    ["Pouvez-vous préciser la longueur ?", "Administration"],
  ]);
  assert.is((await mailsAbout(ctx, id, "Nouveau message")).length, 1);
});

actions(
  "a demande de correction sends a dossier en instruction back to construction, mailed",
  async (ctx) => {
    const id = await ctx.deposit();
    await call(ctx, "POST", `/dossiers/${id}/passer-en-instruction`);
    const res = await call(ctx, "POST", `/dossiers/${id}/demander-correction`, {
      body: { message: "La photo est illisible.", raison: "incorrect" },
    });
    assert.is(res.status, 200, JSON.stringify(res.body));
    assert.is(res.body.dossier.etat, "en_construction");
    const last = (await eventsOf(ctx, id)).at(-1)!;
    assert.is(last.event, "repasser_en_construction");
    assert.match(last.motivation ?? "", /Demande de correction/);
    const own = await ctx.usager.trpc.usager.dossier.query({ id });
    assert.ok(own.correction, "the usager sees the demande de correction");
    const mails = await mailsAbout(ctx, id);
    assert.is(mails.length, 3, "the deposit's, the instruction's and the correction's");
    assert.match(mails.at(-1)!.text, /corrig/);
  },
);

actions(
  "annotations privées are checked by their type: one refused saves nothing",
  async (ctx) => {
    const id = await ctx.deposit();
    const bad = await call(ctx, "PATCH", `/dossiers/${id}/annotations`, {
      body: { annotations: { avis: "Favorable", places: "beaucoup", inconnue: 1 } },
    });
    assert.is(bad.status, 400);
    assert.ok(bad.body.erreur.champs.places, "the integer's message");
    assert.match(bad.body.erreur.champs.inconnue, /n’existe pas/);
    const before = await call(ctx, "GET", `/dossiers/${id}`);
    assert.ok(
      before.body.dossier.annotations.every((a: Json) => a.brut === null || a.brut === undefined),
      JSON.stringify(before.body.dossier.annotations),
    );
    const ok = await call(ctx, "PATCH", `/dossiers/${id}/annotations`, {
      body: { annotations: { avis: "Favorable", places: 6 } },
    });
    assert.is(ok.status, 200, JSON.stringify(ok.body));
    const byId = Object.fromEntries(
      ok.body.dossier.annotations.map((a: Json) => [a.id, a.brut]),
    );
    assert.equal(byId, { avis: "Favorable", places: 6 });
  },
);

actions("étiquettes are put and taken off by name; an unknown one is a 400", async (ctx) => {
  const id = await ctx.deposit();
  const put = await call(ctx, "PATCH", `/dossiers/${id}/etiquettes`, {
    body: { ajouter: ["Urgent", "Pièce manquante"] },
  });
  assert.is(put.status, 200, JSON.stringify(put.body));
  assert.equal(put.body.dossier.etiquettes, ["Pièce manquante", "Urgent"]);
  const off = await call(ctx, "PATCH", `/dossiers/${id}/etiquettes`, {
    body: { retirer: ["Urgent"] },
  });
  assert.equal(off.body.dossier.etiquettes, ["Pièce manquante"]);
  const unknown = await call(ctx, "PATCH", `/dossiers/${id}/etiquettes`, {
    body: { ajouter: ["Prioritaire"] },
  });
  assert.is(unknown.status, 400);
  assert.match(unknown.body.erreur.champs.ajouter, /« Prioritaire »/);
  const none = await call(ctx, "PATCH", `/dossiers/${id}/etiquettes`, { body: {} });
  assert.is(none.status, 400);
});

actions("two identical actions at once apply once", async (ctx) => {
  const id = await ctx.deposit();
  await call(ctx, "POST", `/dossiers/${id}/passer-en-instruction`);
  await ctx.t.flush();
  const mailsBefore = (await mailsAbout(ctx, id)).length;
  const both = await Promise.all(
    [1, 2].map(() =>
      call(ctx, "POST", `/dossiers/${id}/accepter`, { body: { motivation: "Complet." } })
    ),
  );
  assert.equal(both.map((r) => r.status).sort(), [200, 409]);
  const events = (await eventsOf(ctx, id)).map((e) => e.event);
  assert.equal(events.filter((e) => e === "accepter"), ["accepter"]);
  assert.is((await mailsAbout(ctx, id)).length, mailsBefore + 1, "one e-mail");

  // A message has no state to guard it: the Idempotency-Key does.
  const other = await ctx.deposit();
  const key = crypto.randomUUID();
  const sent = await Promise.all(
    [1, 2].map(() =>
      call(ctx, "POST", `/dossiers/${other}/messages`, { body: { message: "Bonjour" }, key })
    ),
  );
  assert.equal(sent.map((r) => r.status).sort(), [200, 409]);
  const replay = sent.find((r) => r.status === 409)!;
  assert.match(replay.body.erreur.message, /déjà été reçue/);
  const thread = await ctx.usager.trpc.messagerie.list.query({ dossierId: other });
  assert.is(thread.messages.length, 1);
  // A key whose action failed may be sent again.
  const failKey = crypto.randomUUID();
  const failed = await call(ctx, "POST", `/dossiers/${other}/accepter`, {
    body: {},
    key: failKey,
  });
  assert.is(failed.status, 409);
  await call(ctx, "POST", `/dossiers/${other}/passer-en-instruction`);
  const retried = await call(ctx, "POST", `/dossiers/${other}/accepter`, {
    body: {},
    key: failKey,
  });
  assert.is(retried.status, 200, JSON.stringify(retried.body));
});

actions("two different étiquette changes at once are both kept", async (ctx) => {
  for (let round = 0; round < 5; round++) {
    const id = await ctx.deposit();
    const both = await Promise.all(
      ["Urgent", "Pièce manquante"].map((name) =>
        call(ctx, "PATCH", `/dossiers/${id}/etiquettes`, { body: { ajouter: [name] } })
      ),
    );
    assert.equal(both.map((r) => r.status), [200, 200], JSON.stringify(both.map((r) => r.body)));
    const read = await call(ctx, "GET", `/dossiers/${id}`);
    assert.equal(read.body.dossier.etiquettes, ["Pièce manquante", "Urgent"], `round ${round}`);
    // One takes a label off while another puts a second one on: both happen.
    const mixed = await Promise.all([
      call(ctx, "PATCH", `/dossiers/${id}/etiquettes`, { body: { retirer: ["Urgent"] } }),
      call(ctx, "PATCH", `/dossiers/${id}/etiquettes`, {
        body: { ajouter: ["Urgent"], retirer: ["Pièce manquante"] },
      }),
    ]);
    assert.equal(mixed.map((r) => r.status), [200, 200]);
    const after = (await call(ctx, "GET", `/dossiers/${id}`)).body.dossier.etiquettes;
    // Applied in either order, each change is whole: never both labels, never a lost removal.
    assert.ok(
      JSON.stringify(after) === "[]" || JSON.stringify(after) === '["Urgent"]',
      JSON.stringify(after),
    );
  }
});

actions(
  "an Idempotency-Key is taken only with its action's effect: a failure or a crash leaves it free",
  async (ctx) => {
    const id = await ctx.deposit();
    await call(ctx, "POST", `/dossiers/${id}/passer-en-instruction`);
    const key = crypto.randomUUID();
    // The acceptation stops inside its transaction, after the key was checked.
    let letGo!: () => void;
    spyRecord.clear();
    spyRecord.holds.set("accepter", new Promise((resolve) => letGo = resolve));
    spyRecord.vetoes.set("accepter", "Le registre des permis est fermé : réessayez demain.");
    const pending = call(ctx, "POST", `/dossiers/${id}/accepter`, { body: {}, key });
    while (!spyRecord.of(id).includes("before accepter")) {
      await new Promise((r) => setTimeout(r, 5));
    }
    // What another process reads now is what a crash at this moment would leave behind (on
    // PostgreSQL, another connection of the pool).
    try {
      let kept: unknown[];
      if (testOnPostgres()) {
        kept = await ctx.t.deps.db.selectFrom("api_idempotency_keys").select("key")
          .where("key", "=", key).execute();
      } else {
        const other = new DatabaseSync(`${ctx.t.dataDir}/guichet.sqlite`, { readOnly: true });
        try {
          kept = other.prepare("select key from api_idempotency_keys where key = ?").all(key);
        } finally {
          other.close();
        }
      }
      assert.equal(kept, [], "the key is not committed before the action's effect");
    } finally {
      letGo();
    }
    const vetoed = await pending;
    assert.is(vetoed.status, 409);
    assert.match(vetoed.body.erreur.message, /registre des permis est fermé/);
    spyRecord.clear();
    const keys = await ctx.t.deps.db.selectFrom("api_idempotency_keys").select("key")
      .where("key", "=", key).execute();
    assert.equal(keys, [], "the failed action left its key free");
    const retried = await call(ctx, "POST", `/dossiers/${id}/accepter`, { body: {}, key });
    assert.is(retried.status, 200, JSON.stringify(retried.body));
    assert.is(retried.body.dossier.etat, "accepte");
    // Once applied, the key is taken with it.
    const replay = await call(ctx, "POST", `/dossiers/${id}/accepter`, { body: {}, key });
    assert.is(replay.status, 409);
    assert.match(replay.body.erreur.message, /déjà été reçue/);
  },
);

actions.run();
