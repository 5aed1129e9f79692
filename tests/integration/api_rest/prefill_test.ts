/**
 * « Préremplissage » through the API: a jeton « instruction » creates a brouillon on the
 * published revision with values checked by each champ type (French errors per champ,
 * nothing created on a refusal) and gets a link; the brouillon is nobody's until an usager
 * opens the link signed in, and then only theirs: the link serves once.
 */
import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import {
  type Agent,
  BASE_URL,
  signedUpAgent,
  startTestInstance,
  superAdminAgent,
  type TestInstance,
} from "../../helpers/instance.ts";
import { publishedDemarche } from "../../helpers/demarche.ts";
import { sha256Hex } from "../../../core/accounts/_shared.ts";

const FORM = {
  champs: [
    { stableId: "nom", type: "text", label: "Nom du bateau", mandatory: true },
    { stableId: "longueur", type: "decimal_number", label: "Longueur (m)", mandatory: true },
    { stableId: "photo", type: "piece_justificative", label: "Photo" },
  ],
  annotations: [],
};

interface Ctx {
  t: TestInstance;
  admin: Agent;
  demarcheId: number;
  secret: string;
}

// deno-lint-ignore no-explicit-any
type Json = any;

async function prefill(
  ctx: Ctx,
  champs: unknown,
  secret = ctx.secret,
  demarcheId = ctx.demarcheId,
) {
  const res = await ctx.t.app.fetch(
    new Request(`${BASE_URL}/api/v1/demarches/${demarcheId}/dossiers`, {
      method: "POST",
      headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
      body: JSON.stringify({ champs }),
    }),
  );
  return { status: res.status, headers: res.headers, body: await res.json() as Json };
}

const linkSecret = (lien: string) => lien.slice(`${BASE_URL}/preremplissage/`.length);
const dossierCount = async (ctx: Ctx) =>
  (await ctx.t.deps.db.selectFrom("dossiers").select("id").execute()).length;

const prefills = suite<Ctx>("API prefill");
prefills.before(async (ctx) => {
  ctx.t = await startTestInstance();
  ctx.admin = await superAdminAgent(ctx.t);
  ctx.demarcheId = await publishedDemarche(ctx.admin, {
    titre: "Permis de naviguer",
    path: "permis",
    form: FORM,
  });
  ctx.secret = (await ctx.admin.trpc.admin.jetons.create.mutate({
    label: "Logiciel métier",
    days: 30,
    demarcheIds: null,
    access: "instruction",
  })).secret;
});
prefills.after(async (ctx) => {
  await ctx.t.stop();
});

prefills("values refused by their champ type create nothing: 400 per champ", async (ctx) => {
  const before = await dossierCount(ctx);
  const res = await prefill(ctx, {
    nom: 12,
    longueur: "long",
    photo: ["x"],
    inconnu: "?",
  });
  assert.is(res.status, 400);
  assert.match(res.body.erreur.message, /aucun dossier n’a été créé/);
  const champs = res.body.erreur.champs;
  assert.equal(Object.keys(champs).sort(), ["inconnu", "photo"], JSON.stringify(champs));
  assert.match(champs.inconnu, /n’existe pas dans le formulaire publié/);
  assert.match(champs.photo, /ne se préremplit pas/);
  const typed = await prefill(ctx, { nom: 12, longueur: "long" });
  assert.is(typed.status, 400);
  assert.equal(Object.keys(typed.body.erreur.champs).sort(), ["longueur", "nom"]);
  const bad = await prefill(ctx, "nom=x");
  assert.is(bad.status, 400);
  assert.ok(bad.body.erreur.champs.champs);
  assert.is(await dossierCount(ctx), before);
});

prefills(
  "a prefilled brouillon is nobody's until its link is opened, then its claimant's only",
  async (ctx) => {
    const res = await prefill(ctx, { nom: "Le Cormoran", longueur: 7.5 });
    assert.is(res.status, 201, JSON.stringify(res.body));
    const id = res.body.dossier.id;
    assert.is(res.headers.get("location"), `${BASE_URL}/api/v1/dossiers/${id}`);
    assert.match(res.body.lien, /^http:\/\/localhost:8000\/preremplissage\/[A-Za-z0-9_-]{43}$/);
    const secret = linkSecret(res.body.lien);
    const [stored] = await ctx.t.deps.db.selectFrom("dossier_prefills").selectAll().execute();
    assert.is(stored.link_hash, sha256Hex(secret), "only the link's hash is kept");
    const row = await ctx.t.deps.db.selectFrom("dossiers").selectAll().where("id", "=", id)
      .executeTakeFirstOrThrow();
    assert.is(row.state, "brouillon");
    const demarche = await ctx.t.deps.db.selectFrom("demarches").select("published_revision_id")
      .where("id", "=", ctx.demarcheId).executeTakeFirstOrThrow();
    assert.is(row.revision_id, demarche.published_revision_id, "on the published revision");

    // Nobody else sees it: not the usager yet, not the jeton's owner, not the read API.
    const marin = await signedUpAgent(ctx.t, "marin@exemple.fr");
    assert.is((await marin.call("usager.dossier", { id }, "GET")).status, 404);
    assert.is((await ctx.admin.call("usager.dossier", { id }, "GET")).status, 404);
    assert.equal(await ctx.admin.trpc.usager.dossiers.query({ corbeille: false }), []);
    const read = await ctx.t.app.fetch(
      new Request(`${BASE_URL}/api/v1/dossiers/${id}`, {
        headers: { authorization: `Bearer ${ctx.secret}` },
      }),
    );
    assert.is(read.status, 404);

    // Signed out, the link claims nothing.
    assert.is((await ctx.t.agent().call("usager.preremplissage", { secret })).status, 401);
    // The first account to open it gets it, with its values.
    assert.equal(await marin.trpc.usager.preremplissage.mutate({ secret }), { id });
    const own = await marin.trpc.usager.dossier.query({ id });
    assert.equal(own.values, { nom: "Le Cormoran", longueur: 7.5 });
    assert.equal(
      (await marin.trpc.usager.dossiers.query({ corbeille: false })).map((d) => d.id),
      [id],
    );
    // Opening it again leads its claimant back to it; anyone else is refused.
    assert.equal(await marin.trpc.usager.preremplissage.mutate({ secret }), { id });
    const other = await signedUpAgent(ctx.t, "autre@exemple.fr");
    const taken = await other.call("usager.preremplissage", { secret });
    assert.is(taken.status, 409);
    assert.match(taken.body.error.message, /Ce lien a déjà servi/);
    assert.is((await other.call("usager.dossier", { id }, "GET")).status, 404);
    const unknown = await other.call("usager.preremplissage", { secret: "x".repeat(43) });
    assert.is(unknown.status, 404);
    assert.match(unknown.body.error.message, /demandez un nouveau lien/);

    // It is an ordinary brouillon now: deposited, it reaches the instructeurs.
    await marin.trpc.usager.deposer.mutate({ id });
    const deposited = await ctx.t.app.fetch(
      new Request(`${BASE_URL}/api/v1/dossiers/${id}`, {
        headers: { authorization: `Bearer ${ctx.secret}` },
      }),
    );
    const body = await deposited.json();
    assert.is(body.dossier.etat, "en_construction");
    assert.is(body.dossier.usager.email, "marin@exemple.fr");
  },
);

prefills("two accounts opening the link at once: one gets it", async (ctx) => {
  const res = await prefill(ctx, { nom: "La Sterne" });
  const secret = linkSecret(res.body.lien);
  const a = await signedUpAgent(ctx.t, "a@exemple.fr");
  const b = await signedUpAgent(ctx.t, "b@exemple.fr");
  const both = await Promise.all(
    [a, b].map((agent) => agent.call("usager.preremplissage", { secret })),
  );
  assert.equal(both.map((r) => r.status).sort(), [200, 409]);
  const row = await ctx.t.deps.db.selectFrom("dossier_prefills").selectAll()
    .where("dossier_id", "=", res.body.dossier.id).executeTakeFirstOrThrow();
  const winner = both[0].status === 200 ? "a@exemple.fr" : "b@exemple.fr";
  const owner = await ctx.t.deps.db.selectFrom("dossiers")
    .innerJoin("users", "users.id", "dossiers.owner_id").select("users.email")
    .where("dossiers.id", "=", res.body.dossier.id).executeTakeFirstOrThrow();
  assert.is(owner.email, winner);
  assert.ok(row.claimed_at);
});

prefills.run();
