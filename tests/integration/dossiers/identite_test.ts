/**
 * « Identité FranceConnect » of a démarche: its identity champs filled from the owner's real
 * sign-in through a FranceConnect-like provider (`oidc-provider` on loopback), locked against
 * any save, the instructeur and the read API told the identity was verified.
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
  },
);

identite.run();
