/**
 * « Identité FranceConnect » in a real browser, against a real OpenID Connect provider on
 * loopback: the démarche's page asks to identify first, the provider's sign-in starts the
 * dossier with the identity filled and locked (« Fournie par FranceConnect »), the usager
 * deposits, the instructeur sees « Identité vérifiée par FranceConnect ». axe on each page.
 */
import { suite } from "../helpers/suite.ts";
import * as assert from "uvu/assert";
import type { Browser, BrowserContext } from "playwright-core";
import { browserPath } from "../helpers/browser_setup.ts";
import {
  checkPage,
  closeBrowserSuite,
  heading,
  newPage,
  openBrowserSuite,
} from "../helpers/browser.ts";
import type { ServedInstance } from "../helpers/served_instance.ts";
import { superAdminAgent } from "../helpers/instance.ts";
import { adminAgent, invitedAgent } from "../helpers/people.ts";
import { publishedDemarche } from "../helpers/demarche.ts";
import { redirectUrisOf, startTestProvider, type TestProvider } from "../helpers/oidc_provider.ts";

const PATH = "stationnement-resident";
const TITRE = "Carte de stationnement résident";
const INSTRUCTEUR_PASSWORD = "Instruire-Les-Dossiers-2026";

interface Ctx {
  served: ServedInstance;
  browser: Browser;
  contexts: BrowserContext[];
  fc: TestProvider;
  dossierId: number;
}

const e2e = suite<Ctx>("« Identité FranceConnect » in the browser");

if (!browserPath()) {
  e2e.skip("« Identité FranceConnect » (Chromium is missing)", () => {});
} else {
  e2e.before(async (ctx) => {
    await openBrowserSuite(ctx);
    const t = ctx.served.t;
    ctx.fc = await startTestProvider({
      redirectUris: redirectUrisOf(ctx.served.baseUrl),
      kind: "franceconnect",
    });
    const superAdmin = await superAdminAgent(t);
    await superAdmin.trpc.superadmin.identityProviders.save.mutate({
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
    });
    const admin = await adminAgent(t, superAdmin, "responsable@mairie.fr");
    const id = await publishedDemarche(admin, {
      titre: TITRE,
      path: PATH,
      form: {
        champs: [
          { stableId: "civ", type: "civilite", label: "Civilité", mandatory: true },
          { stableId: "nom", type: "text", label: "Nom", mandatory: true },
          { stableId: "prenom", type: "text", label: "Prénom", mandatory: true },
          { stableId: "naissance", type: "date", label: "Date de naissance", mandatory: true },
          { stableId: "plaque", type: "text", label: "Immatriculation", mandatory: true },
        ],
        annotations: [],
      },
    });
    await admin.trpc.admin.demarches.updateSettings.mutate({
      id,
      titre: TITRE,
      identiteFranceConnect: {
        civilite: "civ",
        nom: "nom",
        prenom: "prenom",
        dateNaissance: "naissance",
      },
    });
    await invitedAgent(t, "marc@mairie.fr", "Vous êtes instructeur", INSTRUCTEUR_PASSWORD);
  });
  e2e.after(async (ctx) => {
    await closeBrowserSuite(ctx);
    await ctx.fc?.stop();
  });

  e2e(
    "the usager identifies with FranceConnect, finds the identity filled and locked, deposits",
    async (ctx) => {
      ctx.fc.signInAs({
        sub: "fc-camille",
        email: "camille.martin@example.fr",
        given_name: "Camille",
        family_name: "Martin",
        birthdate: "1985-04-12",
        gender: "female",
      });
      const page = await newPage(ctx);
      await page.goto(`/commencer/${PATH}`);
      await heading(page, TITRE);
      await page.getByText("Cette démarche demande votre identité certifiée.").waitFor();
      assert.is(await page.getByRole("button", { name: "Commencer la démarche" }).count(), 0);
      await checkPage(page, "commencer_identite_demandee");
      await page.getByRole("link", { name: "S’identifier avec FranceConnect" }).click();

      // Back from the provider, the dossier starts at once with the identity in it.
      await page.waitForURL("**/dossiers/*");
      ctx.dossierId = Number(new URL(page.url()).pathname.split("/").pop());
      await heading(page, `Dossier n° ${ctx.dossierId}`);
      assert.is(await page.getByText("Fournie par FranceConnect").count(), 4);
      await page.getByText("Martin", { exact: true }).waitFor();
      await page.getByText("Camille", { exact: true }).waitFor();
      // Shown, not editable: no field to type a name in.
      assert.is(await page.getByRole("textbox", { name: "Nom" }).count(), 0);
      assert.is(await page.getByRole("textbox", { name: "Prénom" }).count(), 0);
      await page.getByLabel("Immatriculation").fill("AB-123-CD");
      await checkPage(page, "dossier_identite_fournie");
      await page.getByRole("button", { name: "Déposer le dossier" }).click();
      await page.getByRole("heading", { name: `Votre dossier n° ${ctx.dossierId} est déposé` })
        .waitFor();
      const stored = await ctx.served.t.deps.db.selectFrom("dossiers")
        .select(["champ_values", "identite_verifiee_par"]).where("id", "=", ctx.dossierId)
        .executeTakeFirstOrThrow();
      assert.equal(JSON.parse(stored.champ_values), {
        civ: "Madame",
        nom: "Martin",
        prenom: "Camille",
        naissance: "1985-04-12",
        plaque: "AB-123-CD",
      });
      assert.is(stored.identite_verifiee_par, "FranceConnect");
    },
  );

  e2e("the instructeur sees « Identité vérifiée par FranceConnect »", async (ctx) => {
    const page = await newPage(ctx);
    await page.goto("/connexion");
    await page.getByLabel("Adresse e-mail").fill("marc@mairie.fr");
    await page.getByLabel("Mot de passe").fill(INSTRUCTEUR_PASSWORD);
    await page.getByRole("button", { name: "Se connecter" }).click();
    await page.getByRole("navigation", { name: "Espaces" }).waitFor();
    await page.goto(`/instruction/dossiers/${ctx.dossierId}`);
    await heading(page, new RegExp(`n° ${ctx.dossierId}`));
    await page.getByText("Identité vérifiée par FranceConnect").waitFor();
    await page.getByText("camille.martin@example.fr").first().waitFor();
    await checkPage(page, "instruction_identite_verifiee");
  });
}

e2e.run();
