/**
 * The read API refuses in French: no jeton, a bad, revoked or expired one (401), a démarche
 * or dossier outside its reach (404, never revealing it exists), malformed parameters (400),
 * too many requests (429 with Retry-After).
 */
import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import { type ApiCtx, get, setUp } from "./_setup.ts";
import { adminAgent } from "../../helpers/people.ts";

const INVALID = "Jeton manquant ou invalide.";

const denials = suite<ApiCtx>("read API denials");
denials.before(setUp);
denials.after(async (ctx) => {
  await ctx.t.stop();
});

denials("no jeton, a malformed or an unknown one: 401 in French", async (ctx) => {
  const bad = [null, "", "gch_inconnu", `${ctx.secret}x`, ctx.secret.slice(4)];
  for (const secret of bad) {
    const { status, headers, body } = await get(ctx, "/demarches", secret);
    assert.is(status, 401, String(secret));
    assert.is(body.erreur.message, INVALID);
    assert.match(headers.get("www-authenticate") ?? "", /^Bearer/);
  }
  const res = await ctx.t.app.fetch(
    new Request("http://localhost:8000/api/v1/demarches", {
      headers: { authorization: `Basic ${btoa("a:b")}` },
    }),
  );
  assert.is(res.status, 401);
});

denials("a revoked jeton stops at once; another's jeton cannot be revoked", async (ctx) => {
  const { id, secret } = await ctx.admin.trpc.admin.jetons.create.mutate({
    label: "À révoquer",
    days: 30,
    demarcheIds: null,
  });
  assert.is((await get(ctx, "/demarches", secret)).status, 200);
  const usager = await ctx.usager.call("admin.jetons.revoke", { id });
  assert.is(usager.status, 403, "an usager has no jetons");
  await ctx.admin.trpc.admin.jetons.revoke.mutate({ id });
  const { status, body } = await get(ctx, "/demarches", secret);
  assert.is(status, 401);
  assert.is(body.erreur.message, INVALID);
  const listed = (await ctx.admin.trpc.admin.jetons.list.query()).find((t) => t.id === id)!;
  assert.is(listed.active, false);
  assert.ok(listed.revokedAt);
});

denials("a jeton for chosen démarches reads only those: the others are not found", async (ctx) => {
  const { secret } = await ctx.admin.trpc.admin.jetons.create.mutate({
    label: "Permis seulement",
    days: 365,
    demarcheIds: [ctx.demarcheId],
  });
  const list = await get(ctx, "/demarches", secret);
  assert.equal(list.body.demarches.map((d: { id: number }) => d.id), [ctx.demarcheId]);
  const other = await get(ctx, `/demarches/${ctx.autreId}/dossiers`, secret);
  assert.is(other.status, 404);
  assert.is(other.body.erreur.message, "Cette démarche n’existe pas.");
  const unknown = await get(ctx, "/demarches/999999/dossiers", secret);
  assert.equal(unknown.body, other.body, "the same answer as for a démarche that does not exist");
  const dossier = await get(ctx, `/dossiers/${ctx.autreDossier}`, secret);
  assert.is(dossier.status, 404);
  assert.is(dossier.body.erreur.message, "Ce dossier n’existe pas.");
  assert.is((await get(ctx, `/dossiers/${ctx.deposited[0]}`, secret)).status, 200);
});

denials("a jeton cannot be given a démarche its maker does not administer", async (ctx) => {
  const bob = await adminAgent(ctx.t, ctx.admin, "bob@mairie.fr");
  const res = await bob.call("admin.jetons.create", {
    label: "Curieux",
    days: 30,
    demarcheIds: [ctx.demarcheId],
  });
  assert.is(res.status, 404);
  assert.is(res.body.error.message, "Cette démarche n’existe pas.");
  const usager = await ctx.usager.call("admin.jetons.create", {
    label: "Usager",
    days: 30,
    demarcheIds: null,
  });
  assert.is(usager.status, 403);
});

denials(
  "an administrateur removed from a démarche: their jeton no longer reads it",
  async (ctx) => {
    const claire = await adminAgent(ctx.t, ctx.admin, "claire@mairie.fr");
    await ctx.admin.trpc.admin.demarches.administrateurs.add.mutate({
      demarcheId: ctx.demarcheId,
      email: "claire@mairie.fr",
    });
    const { secret } = await claire.trpc.admin.jetons.create.mutate({
      label: "Claire",
      days: 30,
      demarcheIds: [ctx.demarcheId],
    });
    const path = `/demarches/${ctx.demarcheId}/dossiers?limite=1`;
    assert.is((await get(ctx, path, secret)).status, 200);
    assert.is((await get(ctx, `/dossiers/${ctx.deposited[1]}`, secret)).status, 200);
    const [me] = (await ctx.admin.trpc.admin.demarches.administrateurs.list.query({
      demarcheId: ctx.demarcheId,
    })).filter((a) => a.email === "claire@mairie.fr");
    await ctx.admin.trpc.admin.demarches.administrateurs.remove.mutate({
      demarcheId: ctx.demarcheId,
      userId: me.userId,
    });
    assert.is((await get(ctx, path, secret)).status, 404);
    assert.is((await get(ctx, `/dossiers/${ctx.deposited[1]}`, secret)).status, 404);
    assert.equal((await get(ctx, "/demarches", secret)).body.demarches, []);
  },
);

denials("malformed parameters: 400 with a French message, never a 500", async (ctx) => {
  const base = `/demarches/${ctx.demarcheId}/dossiers`;
  const cases: [string, RegExp][] = [
    ["?limite=0", /« limite » est un nombre entier de 1 à 100/],
    ["?limite=101", /« limite » est un nombre entier de 1 à 100/],
    ["?limite=abc", /« limite » est un nombre entier de 1 à 100/],
    ["?limite=-1", /« limite »/],
    ["?limite=1&limite=2", /« limite » n’est donné qu’une fois/],
    ["?depuis=hier", /« depuis » est une date ISO 8601/],
    ["?depuis=2026-13-45", /« depuis » est une date ISO 8601/],
    ["?apres=nimportequoi", /« apres » n’est pas un curseur valable/],
    [`?apres=${btoa('["x",1]')}`, /« apres » n’est pas un curseur valable/],
    // Past PostgreSQL's integer (ids are 32 bits there): no dossier, not an error of the database.
    [`?apres=${btoa('["2026-01-01T00:00:00.000Z",2147483648]')}`, /« apres » n’est pas un curseur/],
    ["?etat=brouillon", /« etat » vaut l’un de : en_construction/],
    ["?tri=id", /Paramètre inconnu/],
  ];
  for (const [query, message] of cases) {
    const { status, body } = await get(ctx, base + query);
    assert.is(status, 400, query);
    assert.is(body.erreur.code, "BAD_REQUEST");
    assert.match(body.erreur.message, message, query);
  }
  const paths = [
    "/demarches/abc/dossiers",
    "/demarches/0/dossiers",
    "/dossiers/1e3",
    // Past PostgreSQL's integer (2^31 - 1): names nothing, as on SQLite (was a 500 there).
    "/demarches/2147483648/dossiers",
    "/demarches/2147483648",
    "/dossiers/2147483648",
    "/dossiers/999999999999999",
    "/dossiers/2147483648/fichiers/00000000-0000-4000-8000-000000000000",
  ];
  for (const path of paths) assert.is((await get(ctx, path)).status, 404, path);
  assert.is((await get(ctx, "/inconnu")).status, 404);
  const tooLong = await ctx.admin.call("admin.jetons.create", {
    label: "x".repeat(101),
    days: 7,
    demarcheIds: null,
  });
  assert.is(tooLong.status, 400);
});

denials(
  "past 600 requests a minute, 429 with Retry-After; the next minute it reads again",
  async (ctx) => {
    const { secret } = await ctx.admin.trpc.admin.jetons.create.mutate({
      label: "Pressé",
      days: 30,
      demarcheIds: [ctx.autreId],
    });
    for (let i = 0; i < 600; i++) {
      const { status } = await get(ctx, "/demarches", secret);
      if (status !== 200) assert.unreachable(`request ${i + 1}: ${status}`);
    }
    const { status, headers, body } = await get(ctx, "/demarches", secret);
    assert.is(status, 429);
    assert.is(headers.get("retry-after"), "60");
    assert.match(body.erreur.message, /Trop de requêtes/);
    assert.is((await get(ctx, "/demarches")).status, 200, "another jeton is not slowed");
    ctx.now = new Date(ctx.now.getTime() + 61_000);
    assert.is((await get(ctx, "/demarches", secret)).status, 200);
  },
);

denials("an expired jeton is refused", async (ctx) => {
  const saved = ctx.now;
  ctx.now = new Date(saved.getTime() + 91 * 86_400_000);
  const { status, body } = await get(ctx, "/demarches");
  assert.is(status, 401);
  assert.is(body.erreur.message, INVALID);
  ctx.now = saved;
});

denials.run();
