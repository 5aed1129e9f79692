/**
 * « Identité FranceConnect » of a démarche: its identity champs filled from the owner's real
 * sign-in through a FranceConnect-like provider (`oidc-provider` on loopback), locked against
 * any save, the instructeur and the read API told the identity was verified.
 *
 * Over 400 lines because every case shares one real FranceConnect-like provider and its
 * démarches, set up once.
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
import { adminAgent, invitedAgent } from "../../helpers/people.ts";
import { publishedDemarche } from "../../helpers/demarche.ts";
import { refusal } from "../../helpers/refusal.ts";
import {
  providerSignIn,
  redirectUrisOf,
  startTestProvider,
  type TestProvider,
} from "../../helpers/oidc_provider.ts";

interface Ctx {
  t: TestInstance;
  fc: TestProvider;
  fcId: number;
  admin: Agent;
  demarcheId: number;
  /** « stationnement-visiteur »: its option turned on and off by the tests of brouillons. */
  visiteurId: number;
  /** Its instructeur. */
  claire: Agent;
}

const FORM = {
  champs: [
    { stableId: "civ", type: "civilite", label: "Civilité", mandatory: true },
    { stableId: "nom", type: "text", label: "Nom", mandatory: true },
    { stableId: "prenom", type: "text", label: "Prénom", mandatory: true },
    { stableId: "naissance", type: "date", label: "Date de naissance", mandatory: true },
    { stableId: "motif", type: "text", label: "Motif de la demande", mandatory: true },
  ],
  annotations: [],
};

const IDENTITE = { civilite: "civ", nom: "nom", prenom: "prenom", dateNaissance: "naissance" };

const identite = suite<Ctx>("« Identité FranceConnect » in dossiers");

identite.before(async (ctx) => {
  ctx.t = await startTestInstance();
  ctx.fc = await startTestProvider({
    redirectUris: redirectUrisOf(BASE_URL),
    kind: "franceconnect",
  });
  const superAdmin = await superAdminAgent(ctx.t);
  ctx.admin = await adminAgent(ctx.t, superAdmin, "responsable@mairie.fr");
  ctx.demarcheId = await publishedDemarche(ctx.admin, {
    titre: "Carte de stationnement résident",
    path: "stationnement",
    form: FORM,
  });
  ctx.visiteurId = await publishedDemarche(ctx.admin, {
    titre: "Carte de stationnement visiteur",
    path: "stationnement-visiteur",
    form: FORM,
    instructeurs: ["claire@mairie.fr"],
  });
  ctx.claire = await invitedAgent(ctx.t, "claire@mairie.fr");
  // No certified provider on the site yet: the option cannot be set.
  const early = await refusal(ctx.admin.trpc.admin.demarches.updateSettings.mutate({
    id: ctx.demarcheId,
    titre: "Carte de stationnement résident",
    identiteFranceConnect: IDENTITE,
  }));
  assert.match(early.message, /^Aucun fournisseur d’identité certifiée \(FranceConnect\)/);
  ctx.fcId = (await superAdmin.trpc.superadmin.identityProviders.save.mutate({
    kind: "oidc",
    preset: "franceconnect",
    label: "FranceConnect",
    config: {
      issuer: ctx.fc.issuer,
      clientId: ctx.fc.clientId,
      clientSecret: ctx.fc.clientSecret,
      scopes: "openid given_name family_name birthdate gender email",
      acrValues: "eidas1",
    },
    forUsagers: true,
    forAgents: false,
    requiredForAgents: false,
    verifiesIdentity: true,
    enabled: true,
  })).id;
  await ctx.admin.trpc.admin.demarches.updateSettings.mutate({
    id: ctx.demarcheId,
    titre: "Carte de stationnement résident",
    identiteFranceConnect: IDENTITE,
  });
});
identite.after(async (ctx) => {
  await ctx.fc.stop();
  await ctx.t.stop();
});

identite("the option refuses a champ that cannot hold its part of the identity", async (ctx) => {
  const wrong = await refusal(ctx.admin.trpc.admin.demarches.updateSettings.mutate({
    id: ctx.demarcheId,
    titre: "Carte de stationnement résident",
    identiteFranceConnect: { ...IDENTITE, dateNaissance: "nom" },
  }));
  assert.is(
    wrong.message,
    "« Nom » ne peut pas recevoir « Date de naissance » : choisissez un champ « Date ».",
  );
  const kept = await ctx.admin.trpc.admin.demarches.get.query({ id: ctx.demarcheId });
  assert.equal(kept.identiteFranceConnect, IDENTITE);
});

identite("an usager without a verified identity is sent to FranceConnect first", async (ctx) => {
  const usager = await signedUpAgent(ctx.t, "sans-fc@example.fr");
  const page = await usager.trpc.usager.demarche.query({ path: "stationnement" });
  assert.equal(page.identite, {
    providers: [{ id: ctx.fcId, label: "FranceConnect" }],
    verifiee: false,
  });
  const refused = await refusal(usager.trpc.usager.start.mutate({ path: "stationnement" }));
  assert.is(
    refused.message,
    "Cette démarche demande votre identité certifiée : identifiez-vous avec « FranceConnect » (bouton sur la page de la démarche), puis remplissez votre dossier.",
  );
});

identite(
  "the identity champs hold the provider's identity, locked; the instructeur and the API see it verified",
  async (ctx) => {
    ctx.fc.signInAs({
      sub: "fc-camille",
      email: "camille.martin@example.fr",
      given_name: "Camille",
      family_name: "Martin",
      birthdate: "1985-04-12",
      gender: "female",
    });
    const usager = ctx.t.agent();
    assert.is(
      await providerSignIn(ctx.t.app, usager, BASE_URL, ctx.fcId, {
        retour: "/commencer/stationnement",
      }),
      "/commencer/stationnement",
    );
    assert.is(
      (await usager.trpc.usager.demarche.query({ path: "stationnement" })).identite?.verifiee,
      true,
    );
    const { id } = await usager.trpc.usager.start.mutate({ path: "stationnement" });
    const dossier = await usager.trpc.usager.dossier.query({ id });
    assert.equal(dossier.values, {
      civ: "Madame",
      nom: "Martin",
      prenom: "Camille",
      naissance: "1985-04-12",
    });
    assert.equal(dossier.readOnly, ["civ", "nom", "prenom", "naissance"]);
    assert.equal(dossier.identite, {
      fournisseur: "FranceConnect",
      champs: ["civ", "nom", "prenom", "naissance"],
      providers: [],
    });

    // Whatever the browser sends, the server keeps the provider's values.
    const changed = await refusal(usager.trpc.usager.save.mutate({
      id,
      values: { motif: "Nouveau résident", nom: "Dupont" },
    }));
    assert.is(
      changed.message,
      "« Nom » est fourni par FranceConnect : il ne peut pas être modifié. Pour le corriger, adressez-vous à FranceConnect.",
    );
    const cleared = await refusal(usager.trpc.usager.save.mutate({
      id,
      values: { naissance: null },
    }));
    assert.match(cleared.message, /^« Date de naissance » est fourni par FranceConnect/);
    // The same values, as a form sends what it shows, pass.
    await usager.trpc.usager.save.mutate({
      id,
      values: { motif: "Nouveau résident", nom: "Martin", civ: "Madame" },
    });
    assert.equal((await usager.trpc.usager.dossier.query({ id })).values, {
      civ: "Madame",
      nom: "Martin",
      prenom: "Camille",
      naissance: "1985-04-12",
      motif: "Nouveau résident",
    });
    await usager.trpc.usager.deposer.mutate({ id });

    const marc = await invitedAgent(ctx.t, "marc@mairie.fr");
    const seen = await marc.trpc.instruction.dossier.query({ id });
    assert.is(seen.identiteVerifieePar, "FranceConnect");

    const { secret } = await ctx.admin.trpc.admin.jetons.create.mutate({
      label: "Tableur",
      days: 30,
      demarcheIds: null,
    });
    const res = await ctx.t.app.fetch(
      new Request(`${BASE_URL}/api/v1/dossiers/${id}`, {
        headers: { authorization: `Bearer ${secret}` },
      }),
    );
    const body = await res.json();
    assert.is(res.status, 200, JSON.stringify(body));
    assert.equal(body.dossier.usager, {
      email: "camille.martin@example.fr",
      identite_verifiee: true,
      identite_verifiee_par: "FranceConnect",
    });

    // The tabular exports say it too: a column « Identité vérifiée par » after « Usager ».
    const { id: exportId } = await marc.trpc.instruction.exports.request.mutate({
      demarcheId: ctx.demarcheId,
      tab: "tous",
      format: "csv",
      filters: {},
      columns: null,
    });
    await ctx.t.flush();
    const done = (await marc.trpc.instruction.exports.list.query({ demarcheId: ctx.demarcheId }))
      .find((e) => e.id === exportId)!;
    assert.is(done.status, "done", done.error ?? "");
    const csv = await (await marc.fetch(`${BASE_URL}/files/${done.file!.id}`)).text();
    const [header, ...lines] = csv.replace(/^\uFEFF/, "").trim().split("\r\n");
    const cells = header.split(";");
    const at = cells.indexOf("Identité vérifiée par");
    assert.is(at, cells.indexOf("Usager") + 1, header);
    const line = lines.find((l) => l.startsWith(`${id};`))!.split(";");
    assert.is(line[at], "FranceConnect");
  },
);

/** The visitors' démarche asking for the identity (`on`) or letting the usager type it. */
async function visiteurAsks(ctx: Ctx, on: boolean): Promise<void> {
  await ctx.admin.trpc.admin.demarches.updateSettings.mutate({
    id: ctx.visiteurId,
    titre: "Carte de stationnement visiteur",
    identiteFranceConnect: on ? IDENTITE : null,
  });
}

const TYPED = {
  civ: "Monsieur",
  nom: "Dupont",
  prenom: "Jean",
  naissance: "1970-01-01",
  motif: "Visite de ma mère",
};

/**
 * A new usager's brouillon of the visitors' démarche, its identity typed while the démarche did
 * not ask for it; then the administrateur turns the option on.
 */
async function typedBeforeOption(ctx: Ctx, email: string): Promise<{ usager: Agent; id: number }> {
  await visiteurAsks(ctx, false);
  const usager = await signedUpAgent(ctx.t, email);
  const { id } = await usager.trpc.usager.start.mutate({ path: "stationnement-visiteur" });
  await usager.trpc.usager.save.mutate({ id, values: TYPED });
  await visiteurAsks(ctx, true);
  return { usager, id };
}

/** `usager` links FranceConnect, which says they are Lucie Robert (sub `sub`). */
async function identifiesAsLucie(ctx: Ctx, usager: Agent, sub: string): Promise<void> {
  ctx.fc.signInAs({
    sub,
    email: `${sub}@example.fr`,
    given_name: "Lucie",
    family_name: "Robert",
    birthdate: "1990-07-14",
    gender: "female",
  });
  await providerSignIn(ctx.t.app, usager, BASE_URL, ctx.fcId);
}

const LUCIE = { civ: "Madame", nom: "Robert", prenom: "Lucie", naissance: "1990-07-14" };
const LOCKED = ["civ", "nom", "prenom", "naissance"];

identite(
  "a brouillon typed before the option takes the verified identity when opened after identifying",
  async (ctx) => {
    const { usager, id } = await typedBeforeOption(ctx, "ouvre@example.fr");
    const before = await usager.trpc.usager.dossier.query({ id });
    assert.equal(before.identite, {
      fournisseur: null,
      champs: [],
      providers: [{ id: ctx.fcId, label: "FranceConnect" }],
    });
    await identifiesAsLucie(ctx, usager, "fc-ouvre");
    const after = await usager.trpc.usager.dossier.query({ id });
    assert.equal(after.values, { ...LUCIE, motif: TYPED.motif });
    assert.equal(after.readOnly, LOCKED);
    assert.equal(after.identite, { fournisseur: "FranceConnect", champs: LOCKED, providers: [] });
    // The champs now hold the provider's values: the form sending them back passes.
    await usager.trpc.usager.save.mutate({ id, values: { ...LUCIE, motif: "Visite" } });
  },
);

identite(
  "a brouillon typed before the option takes the verified identity at its first save after identifying",
  async (ctx) => {
    const { usager, id } = await typedBeforeOption(ctx, "enregistre@example.fr");
    await identifiesAsLucie(ctx, usager, "fc-enregistre");
    const saved = await usager.trpc.usager.save.mutate({ id, values: { motif: "Visite" } });
    assert.equal(saved.values, { ...LUCIE, motif: "Visite" });
    assert.equal(saved.errors, {});
  },
);

identite(
  "a deposit writes the verified identity over values typed before the option, marked verified",
  async (ctx) => {
    const { usager, id } = await typedBeforeOption(ctx, "depose@example.fr");
    await identifiesAsLucie(ctx, usager, "fc-depose");
    // Deposited straight away, the brouillon never opened since.
    await usager.trpc.usager.deposer.mutate({ id });
    const seen = await ctx.claire.trpc.instruction.dossier.query({ id });
    assert.equal(seen.values, { ...LUCIE, motif: TYPED.motif });
    assert.is(seen.identiteVerifieePar, "FranceConnect");
  },
);

identite("a deposit without a verified identity is refused, saying to identify", async (ctx) => {
  const { usager, id } = await typedBeforeOption(ctx, "sans-identite@example.fr");
  const refused = await refusal(usager.trpc.usager.deposer.mutate({ id }));
  assert.is(
    refused.message,
    "Ce dossier ne peut pas être déposé : cette démarche demande votre identité certifiée. Identifiez-vous avec « FranceConnect » (bouton en haut du dossier), puis déposez-le.",
  );
  assert.is((await usager.trpc.usager.dossier.query({ id })).state, "brouillon");
});

identite(
  "a dossier deposited before the option keeps its typed identity, not shown as the provider's",
  async (ctx) => {
    await visiteurAsks(ctx, false);
    const usager = await signedUpAgent(ctx.t, "deja-depose@example.fr");
    const { id } = await usager.trpc.usager.start.mutate({ path: "stationnement-visiteur" });
    await usager.trpc.usager.save.mutate({ id, values: TYPED });
    await usager.trpc.usager.deposer.mutate({ id });
    await visiteurAsks(ctx, true);
    await identifiesAsLucie(ctx, usager, "fc-deja-depose");
    const dossier = await usager.trpc.usager.dossier.query({ id });
    assert.is(dossier.state, "en_construction");
    assert.equal(dossier.values, TYPED);
    assert.is(dossier.identite, null);
    assert.equal(dossier.readOnly, []);
    assert.is((await ctx.claire.trpc.instruction.dossier.query({ id })).identiteVerifieePar, null);
  },
);

identite(
  "a brouillon prefilled by the administration takes its claimant's verified identity",
  async (ctx) => {
    await visiteurAsks(ctx, true);
    const { secret } = await ctx.admin.trpc.admin.jetons.create.mutate({
      label: "Logiciel métier",
      days: 30,
      demarcheIds: [ctx.visiteurId],
      access: "instruction",
    });
    const res = await ctx.t.app.fetch(
      new Request(`${BASE_URL}/api/v1/demarches/${ctx.visiteurId}/dossiers`, {
        method: "POST",
        headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
        body: JSON.stringify({ champs: TYPED }),
      }),
    );
    const body = await res.json();
    assert.is(res.status, 201, JSON.stringify(body));
    const usager = await signedUpAgent(ctx.t, "prerempli@example.fr");
    await identifiesAsLucie(ctx, usager, "fc-prerempli");
    const { id } = await usager.trpc.usager.preremplissage.mutate({
      secret: body.lien.slice(`${BASE_URL}/preremplissage/`.length),
    });
    const dossier = await usager.trpc.usager.dossier.query({ id });
    assert.equal(dossier.values, { ...LUCIE, motif: TYPED.motif });
    assert.is(dossier.identite?.fournisseur, "FranceConnect");
  },
);

/** The copy's row as stored, before anyone opens it. */
async function storedCopy(ctx: Ctx, id: number) {
  const row = await ctx.t.deps.db.selectFrom("dossiers")
    .select(["champ_values", "identite_verifiee_par"]).where("id", "=", id)
    .executeTakeFirstOrThrow();
  return { values: JSON.parse(row.champ_values), par: row.identite_verifiee_par };
}

identite(
  "a duplicate takes its owner's current verified identity, not the typed one of its source",
  async (ctx) => {
    const { usager, id } = await typedBeforeOption(ctx, "duplique@example.fr");
    await identifiesAsLucie(ctx, usager, "fc-duplique");
    const source = await ctx.t.deps.db.selectFrom("dossiers").select("champ_values")
      .where("id", "=", id).executeTakeFirstOrThrow();
    assert.is(JSON.parse(source.champ_values).nom, "Dupont");
    const copy = await usager.trpc.usager.duplicate.mutate({ id });
    assert.equal(await storedCopy(ctx, copy.id), {
      values: { ...LUCIE, motif: TYPED.motif },
      par: "FranceConnect",
    });
  },
);

identite(
  "a duplicate of an usager without a verified identity leaves its identity champs empty",
  async (ctx) => {
    const { usager, id } = await typedBeforeOption(ctx, "duplique-sans@example.fr");
    const copy = await usager.trpc.usager.duplicate.mutate({ id });
    assert.equal(await storedCopy(ctx, copy.id), { values: { motif: TYPED.motif }, par: null });
    const opened = await usager.trpc.usager.dossier.query({ id: copy.id });
    assert.is(opened.identite?.fournisseur, null);
  },
);

identite.run();
