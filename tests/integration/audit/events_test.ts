/**
 * The audit log records each family of security events, through the real API as people cause
 * them: sign-ins (and failures, with the address tried and the IP), sign-out, the second
 * factor, password links, roles and super-admin decisions, groupe memberships, jetons, a
 * démarche's settings, publication and fonctionnalités, exports and files downloaded by agents.
 * Only a super-admin with the second factor reads it (page, status, verification, CSV);
 * its filters and keyset paging; the CSV export streams the filtered events.
 *
 * Over 400 lines because the families share one instance whose history builds up test after
 * test (a démarche, its instructeur, a deposited dossier with a file): split, each file would
 * set the same world up again.
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
  tokenFrom,
} from "../../helpers/instance.ts";
import { adminAgent, invitedAgent } from "../../helpers/people.ts";
import { publishedDemarche } from "../../helpers/demarche.ts";
import { codeFor, enrolSecondFactor } from "../../helpers/second_factor.ts";
import { refusal } from "../../helpers/refusal.ts";

const PDF = new TextEncoder().encode("%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n");
const SUPER = "super@guichet.test";

interface Ctx {
  t: TestInstance;
  superAdmin: Agent;
  marc: Agent;
  usager: Agent;
  demarcheId: number;
  dossierId: number;
  carteId: string;
}

type Filter = Parameters<Agent["trpc"]["superadmin"]["audit"]["list"]["query"]>[0];

/** Every event matching `filter`, newest first, read page by page as the page does. */
async function events(ctx: Ctx, filter: Filter = {}) {
  const all = [];
  let avant: number | undefined;
  for (;;) {
    const page = await ctx.superAdmin.trpc.superadmin.audit.list.query({
      ...filter,
      avant,
      limite: 200,
    });
    all.push(...page.evenements);
    if (page.suivant === null) return all;
    avant = page.suivant;
  }
}

async function upload(agent: Agent, filename: string) {
  const res = await agent.fetch(`${BASE_URL}/files`, {
    method: "POST",
    body: PDF,
    headers: { "content-type": "application/pdf", "x-filename": encodeURIComponent(filename) },
  });
  assert.is(res.status, 201);
  return await res.json() as { id: string; filename: string; size: number; mime: string };
}

const audit = suite<Ctx>("audit events");
audit.before(async (ctx) => {
  const t = ctx.t = await startTestInstance();
  ctx.superAdmin = await superAdminAgent(t, SUPER);
  ctx.demarcheId = await publishedDemarche(ctx.superAdmin, {
    titre: "Titre de navigation",
    path: "titre-navigation",
    form: {
      champs: [
        { stableId: "nom", type: "text", label: "Nom du bateau", mandatory: true },
        { stableId: "carte", type: "piece_justificative", label: "Carte de circulation" },
      ],
      annotations: [],
    },
  });
  ctx.marc = await invitedAgent(t, "marc@mairie.fr");
  ctx.usager = await signedUpAgent(t, "proprietaire@exemple.fr");
  const u = ctx.usager.trpc.usager;
  const { id } = await u.start.mutate({ path: "titre-navigation" });
  ctx.dossierId = id;
  const carte = await upload(ctx.usager, "carte.pdf");
  ctx.carteId = carte.id;
  await u.save.mutate({
    id,
    values: {
      nom: "Le Goéland",
      carte: [{ fileId: carte.id, filename: carte.filename, size: carte.size, mime: carte.mime }],
    },
  });
  await u.deposer.mutate({ id });
});
audit.after(async (ctx) => {
  await ctx.t.stop();
});

audit(
  "the installation, the second factor and the sign-ins that follow are recorded",
  async (ctx) => {
    const mine = await events(ctx, { personne: SUPER });
    const actions = mine.map((e) => e.action);
    for (
      const action of [
        "installation.terminee",
        "connexion.reussie",
        "double_authentification.activee",
      ]
    ) {
      assert.ok(actions.includes(action), `${action} in ${actions.join(", ")}`);
    }
    const installed = mine.find((e) => e.action === "installation.terminee")!;
    assert.is(installed.ip, "192.0.2.1");
    assert.is(installed.libelle, "Installation terminée (super-admin créé)");
  },
);

audit("a failed sign-in names the address tried and the IP, known account or not", async (ctx) => {
  const stranger = ctx.t.agent({ ip: "203.0.113.9" });
  await refusal(
    stranger.trpc.auth.signIn.mutate({ email: "personne@nulle.part", password: "Pas-le-bon-1234" }),
  );
  await refusal(
    stranger.trpc.auth.signIn.mutate({ email: "marc@mairie.fr", password: "Pas-le-bon-1234" }),
  );
  const failed = await events(ctx, { action: "connexion.echouee" });
  const unknown = failed.find((e) => e.personne === "personne@nulle.part")!;
  assert.ok(unknown, JSON.stringify(failed));
  assert.is(unknown.ip, "203.0.113.9");
  assert.is(unknown.personneId, null);
  assert.match(unknown.details ?? "", /"raison":"mot_de_passe"/);
  const known = failed.find((e) => e.personne === "marc@mairie.fr")!;
  assert.ok(known.personneId! > 0);
  assert.is(known.ip, "203.0.113.9");
});

audit("a wrong second-factor code is a failed sign-in; the right one a success", async (ctx) => {
  const other = ctx.t.agent({ ip: "198.51.100.20" });
  const { challenge } = await other.trpc.auth.signIn.mutate({
    email: SUPER,
    password: "Installation-Solide-2026!",
  });
  assert.ok(challenge);
  await refusal(
    other.trpc.auth.verifySecondFactor.mutate({ challenge: challenge!, code: "000000" }),
  );
  await other.trpc.auth.verifySecondFactor.mutate({
    challenge: challenge!,
    code: codeFor(ctx.t, SUPER),
  });
  const fromThere = (await events(ctx, { personne: SUPER })).filter((e) =>
    e.ip === "198.51.100.20"
  );
  assert.equal(fromThere.map((e) => e.action), ["connexion.reussie", "connexion.echouee"]);
  assert.match(fromThere[1].details ?? "", /"raison":"code"/);
  await other.trpc.auth.signOut.mutate();
  const [last] = await events(ctx, { personne: SUPER });
  assert.is(last.action, "deconnexion");
  assert.is(last.ip, "198.51.100.20");
});

audit("a password chosen from a reset link, and a password changed, are recorded", async (ctx) => {
  const usager = ctx.t.agent();
  await usager.trpc.auth.requestPasswordReset.mutate({ email: "proprietaire@exemple.fr" });
  await usager.trpc.auth.setPassword.mutate({
    token: tokenFrom(await ctx.t.mail("proprietaire@exemple.fr", "nouveau mot de passe")),
    password: "Un-autre-mot-de-passe-77",
  });
  await usager.trpc.auth.changePassword.mutate({
    currentPassword: "Un-autre-mot-de-passe-77",
    newPassword: "Encore-un-mot-de-passe-88",
  });
  const actions = (await events(ctx, { personne: "proprietaire@" })).map((e) => e.action);
  assert.ok(actions.includes("mot_de_passe.reinitialise"), actions.join(", "));
  assert.ok(actions.includes("mot_de_passe.change"), actions.join(", "));
  ctx.usager = usager;
});

audit("the démarche's settings, instructeur and publication are recorded with it", async (ctx) => {
  const ofDemarche = await events(ctx, { demarcheId: ctx.demarcheId });
  const actions = ofDemarche.map((e) => e.action);
  for (const action of ["demarche.parametres", "groupe.membre_ajoute", "demarche.publiee"]) {
    assert.ok(actions.includes(action), `${action} in ${actions.join(", ")}`);
  }
  const settings = ofDemarche.find((e) => e.action === "demarche.parametres")!;
  assert.is(settings.personne, SUPER);
  assert.match(settings.details ?? "", /"service"/);
  const added = ofDemarche.find((e) => e.action === "groupe.membre_ajoute")!;
  assert.match(added.details ?? "", /marc@mairie\.fr/);
  const roles = await events(ctx, { action: "role.attribue" });
  assert.ok(roles.some((e) => e.details?.includes('"role":"instructeur"')), JSON.stringify(roles));
});

audit(
  "an instructeur's download of a dossier's file is recorded, the usager's own is not",
  async (ctx) => {
    const before = (await events(ctx, { action: "fichier.telecharge" })).length;
    const own = await ctx.usager.fetch(`${BASE_URL}/files/${ctx.carteId}`);
    assert.is(own.status, 200);
    await own.body?.cancel();
    assert.is((await events(ctx, { action: "fichier.telecharge" })).length, before);
    const res = await ctx.marc.fetch(`${BASE_URL}/files/${ctx.carteId}`, {
      headers: { "x-forwarded-for": "10.0.0.1" },
    });
    assert.is(res.status, 200);
    await res.body?.cancel();
    const [got] = await events(ctx, { action: "fichier.telecharge" });
    assert.is(got.personne, "marc@mairie.fr");
    assert.equal(got.cible, { type: "fichier", id: ctx.carteId });
    assert.is(got.demarcheId, ctx.demarcheId);
    // No proxy is trusted: the address is the TCP peer's, not the forged header's.
    assert.is(got.ip, "192.0.2.1");
    const pdf = await ctx.marc.fetch(`${BASE_URL}/dossiers/${ctx.dossierId}/pdf`);
    assert.is(pdf.status, 200);
    await pdf.body?.cancel();
    const [whole] = await events(ctx, { action: "dossier.telecharge" });
    assert.equal(whole.cible, { type: "dossier", id: String(ctx.dossierId) });
  },
);

audit("an export downloaded is recorded with its démarche", async (ctx) => {
  const i = ctx.marc.trpc.instruction;
  const { id } = await i.exports.request.mutate({
    demarcheId: ctx.demarcheId,
    tab: "tous",
    format: "csv",
  });
  await ctx.t.flush();
  const done = (await i.exports.list.query({ demarcheId: ctx.demarcheId })).find((e) =>
    e.id === id
  )!;
  const res = await ctx.marc.fetch(`${BASE_URL}/files/${done.file!.id}`);
  assert.is(res.status, 200);
  await res.body?.cancel();
  const [got] = await events(ctx, { action: "export.telecharge" });
  assert.is(got.personne, "marc@mairie.fr");
  assert.equal(got.cible, { type: "export", id: String(id) });
  assert.is(got.demarcheId, ctx.demarcheId);
});

audit("jetons created and revoked, and a file read with a jeton, are recorded", async (ctx) => {
  const jetons = ctx.superAdmin.trpc.admin.jetons;
  const made = await jetons.create.mutate({ label: "Tableur", days: 30, demarcheIds: null });
  const res = await ctx.t.app.fetch(
    new Request(`${BASE_URL}/api/v1/dossiers/${ctx.dossierId}/fichiers/${ctx.carteId}`, {
      headers: { authorization: `Bearer ${made.secret}` },
    }),
    { remoteAddr: { hostname: "192.0.2.50", port: 1, transport: "tcp" } },
  );
  assert.is(res.status, 200);
  await res.body?.cancel();
  await jetons.revoke.mutate({ id: made.id });
  const [created] = await events(ctx, { action: "jeton.cree" });
  assert.equal(created.cible, { type: "jeton", id: String(made.id) });
  assert.match(created.details ?? "", /"libelle":"Tableur"/);
  const [revoked] = await events(ctx, { action: "jeton.revoque" });
  assert.is(revoked.personne, SUPER);
  const [read] = await events(ctx, { action: "fichier.telecharge" });
  assert.is(read.ip, "192.0.2.50");
  assert.match(read.details ?? "", new RegExp(`"jeton":${made.id}`));
});

audit("a fonctionnalité switched is recorded", async (ctx) => {
  await ctx.superAdmin.trpc.admin.demarches.setFonctionnalite.mutate({
    id: ctx.demarcheId,
    pluginId: "attestation_pdf",
    enabled: true,
    settings: { titre: "Attestation", texte: "Le bateau peut naviguer.", signataire: "Le maire" },
  });
  const [got] = await events(ctx, { action: "fonctionnalite.modifiee" });
  assert.equal(got.cible, { type: "fonctionnalite", id: "attestation_pdf" });
  assert.match(got.details ?? "", /"active":true/);
});

audit(
  "an instructeur removed from a groupe: the membership and the role withdrawn",
  async (ctx) => {
    const g = ctx.superAdmin.trpc.admin.demarches.groupes;
    const [defaut] = await g.list.query({ demarcheId: ctx.demarcheId });
    const marc = defaut.instructeurs.find((m) => m.email === "marc@mairie.fr")!;
    await g.addInstructeur.mutate({
      demarcheId: ctx.demarcheId,
      groupeId: defaut.id,
      email: "lea@mairie.fr",
    });
    await g.removeInstructeur.mutate({
      demarcheId: ctx.demarcheId,
      groupeId: defaut.id,
      userId: marc.userId,
    });
    const [removed] = await events(ctx, { action: "groupe.membre_retire" });
    assert.is(removed.personne, SUPER);
    assert.is(removed.demarcheId, ctx.demarcheId);
    const [withdrawn] = await events(ctx, { action: "role.retire" });
    assert.equal(withdrawn.cible, { type: "compte", id: String(marc.userId) });
  },
);

audit(
  "administrator requests accepted and refused by the super-admin are recorded",
  async (ctx) => {
    await adminAgent(ctx.t, ctx.superAdmin, "marie@commune.fr");
    await ctx.t.agent().trpc.auth.requestAdminAccount.mutate({
      nom: "Refusé",
      organisation: "Ailleurs",
      email: "refuse@ailleurs.fr",
      motif: "Essai",
    });
    const [request] = (await ctx.superAdmin.trpc.superadmin.demandesAdmin.list.query({}))
      .filter((r) => r.email === "refuse@ailleurs.fr");
    await ctx.superAdmin.trpc.superadmin.demandesAdmin.refuse.mutate({
      id: request.id,
      motif: "Non",
    });
    const [accepted] = await events(ctx, { action: "demande_admin.acceptee" });
    assert.is(accepted.personne, SUPER);
    assert.match(accepted.details ?? "", /marie@commune\.fr/);
    const [refused] = await events(ctx, { action: "demande_admin.refusee" });
    assert.match(refused.details ?? "", /refuse@ailleurs\.fr/);
  },
);

audit("a failed job put back in the queue by the super-admin is recorded", async (ctx) => {
  // A sent e-mail's job, marked failed as an unreachable SMTP server would leave it.
  const job = await ctx.t.deps.db.selectFrom("jobs").select("id").orderBy("id", "desc").limit(1)
    .executeTakeFirstOrThrow();
  await ctx.t.deps.db.updateTable("jobs").set({ status: "failed" }).where("id", "=", job.id)
    .execute();
  await ctx.superAdmin.trpc.superadmin.jobs.retry.mutate({ id: job.id });
  const [retried] = await events(ctx, { action: "tache.relancee" });
  assert.is(retried.personne, SUPER);
  assert.equal(retried.cible, { type: "tache", id: String(job.id) });
  // Refused (not failed): nothing recorded.
  await refusal(ctx.superAdmin.trpc.superadmin.jobs.retry.mutate({ id: job.id }));
  assert.is((await events(ctx, { action: "tache.relancee" })).length, 1);
});

audit("the second factor turned off is recorded", async (ctx) => {
  const lea = await invitedAgent(ctx.t, "lea@mairie.fr");
  await enrolSecondFactor(ctx.t, lea);
  await lea.trpc.auth.secondFactor.disable.mutate({
    password: "Instruire-Les-Dossiers-2026",
    code: codeFor(ctx.t, "lea@mairie.fr"),
  });
  const actions = (await events(ctx, { personne: "lea@mairie.fr" })).map((e) => e.action);
  assert.equal(actions.slice(0, 2), [
    "double_authentification.desactivee",
    "double_authentification.activee",
  ]);
});

audit(
  "filters: by action, person, démarche and dates; keyset pages without overlap",
  async (ctx) => {
    const all = await events(ctx);
    assert.ok(all.length > 30, String(all.length));
    const ids = all.map((e) => e.id);
    assert.equal(ids, [...ids].sort((a, b) => b - a));
    const first = await ctx.superAdmin.trpc.superadmin.audit.list.query({ limite: 10 });
    const second = await ctx.superAdmin.trpc.superadmin.audit.list.query({
      limite: 10,
      avant: first.suivant!,
    });
    assert.equal([...first.evenements, ...second.evenements].map((e) => e.id), ids.slice(0, 20));
    // Days are Paris days.
    const today = new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/Paris" }).format(new Date());
    assert.is((await events(ctx, { du: today, au: today })).length, all.length);
    assert.is((await events(ctx, { au: "2000-01-01" })).length, 0);
    const wrong = await refusal(
      ctx.superAdmin.trpc.superadmin.audit.list.query({ du: "2026-05-02", au: "2026-05-01" }),
    );
    assert.is(wrong.data?.httpStatus, 400);
    assert.match(wrong.message, /date de début est après la date de fin/);
    const bad = await ctx.superAdmin.call(
      "superadmin.audit.list",
      { action: "n_importe_quoi" },
      "GET",
    );
    assert.is(bad.status, 400);
    assert.match(bad.body.error.message, /Choisissez une action de la liste/);
  },
);

audit("the CSV export streams the filtered events and is itself recorded", async (ctx) => {
  const res = await ctx.superAdmin.fetch(
    `${BASE_URL}/journal-audit.csv?action=connexion.echouee&personne=`,
  );
  assert.is(res.status, 200);
  assert.match(res.headers.get("content-type") ?? "", /text\/csv/);
  assert.match(
    res.headers.get("content-disposition") ?? "",
    /journal-audit-\d{4}-\d{2}-\d{2}\.csv/,
  );
  const lines = (await res.text()).replace(/^\uFEFF/, "").trimEnd().split("\r\n");
  assert.match(lines[0], /^numero,date,action,libelle,personne_id,personne,adresse_ip/);
  const failed = await events(ctx, { action: "connexion.echouee" });
  assert.is(lines.length - 1, failed.length);
  assert.ok(lines.slice(1).every((l) => l.split(",")[2] === "connexion.echouee"));
  const [exported] = await events(ctx, { action: "journal.exporte" });
  assert.is(exported.personne, SUPER);
  const bad = await ctx.superAdmin.fetch(`${BASE_URL}/journal-audit.csv?demarcheId=abc`);
  assert.is(bad.status, 400);
  assert.match((await bad.json()).error.message, /numéro de démarche/);
});

audit(
  "only a super-admin with the second factor reads, verifies or exports the log",
  async (ctx) => {
    const anonymous = ctx.t.agent();
    const usager = await signedUpAgent(ctx.t, "curieux@exemple.fr");
    const sansCode = await superAdminAgentWithout(ctx);
    for (const [agent, status] of [[anonymous, 401], [usager, 403], [ctx.marc, 403]] as const) {
      const list = await agent.call("superadmin.audit.list", {}, "GET");
      assert.is(list.status, status);
      assert.is((await agent.call("superadmin.audit.status", undefined, "GET")).status, status);
      assert.is((await agent.call("superadmin.audit.verify")).status, status);
      const csv = await agent.fetch(`${BASE_URL}/journal-audit.csv`);
      assert.is(csv.status, status);
      await csv.body?.cancel();
    }
    const refused = await sansCode.call("superadmin.audit.list", {}, "GET");
    assert.is(refused.status, 403);
    assert.match(refused.body.error.message, /Activez la double authentification/);
  },
);

/** A second super-admin account without the second factor (granted in the database). */
async function superAdminAgentWithout(ctx: Ctx): Promise<Agent> {
  const agent = await signedUpAgent(ctx.t, "second-super@guichet.test");
  const user = await ctx.t.deps.db.selectFrom("users").select("id")
    .where("email", "=", "second-super@guichet.test").executeTakeFirstOrThrow();
  await ctx.t.deps.db.insertInto("user_roles")
    .values({ user_id: user.id, role: "super_admin", created_at: new Date().toISOString() })
    .execute();
  return agent;
}

audit("the chain is intact after all of it, and a verification says so", async (ctx) => {
  assert.is(await ctx.superAdmin.trpc.superadmin.audit.status.query(), null);
  const verdict = await ctx.superAdmin.trpc.superadmin.audit.verify.mutate();
  assert.is(verdict.intact, true, verdict.probleme ?? "");
  assert.is(verdict.verifies, (await events(ctx)).length);
  assert.equal(await ctx.superAdmin.trpc.superadmin.audit.status.query(), verdict);
});

audit.run();
