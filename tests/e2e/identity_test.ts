/**
 * Signing in with FranceConnect in a real browser, against a real OpenID Connect provider on
 * loopback: from a démarche's page and back to it, the identity listed on « Mon compte »,
 * linking refused without the account's password, a tampered state and a provider that is
 * down explained in French (the e-mail sign-in still works), the super-admin's page. Every
 * new page passes axe (WCAG 2.1 AA).
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
import { type Agent, signedUpAgent, superAdminAgent } from "../helpers/instance.ts";
import { adminAgent } from "../helpers/people.ts";
import { publishedDemarche } from "../helpers/demarche.ts";
import { codeFor } from "../helpers/second_factor.ts";
import { redirectUrisOf, startTestProvider, type TestProvider } from "../helpers/oidc_provider.ts";

const PATH = "permis-de-vegetaliser";
const PASSWORD = "Un-mot-de-passe-solide-42";

interface Ctx {
  served: ServedInstance;
  browser: Browser;
  contexts: BrowserContext[];
  fc: TestProvider;
  superAdmin: Agent;
}

const e2e = suite<Ctx>("identity providers in the browser");

const provider = (fc: TestProvider, label: string, issuer = fc.issuer) => ({
  kind: "oidc",
  preset: "franceconnect",
  label,
  config: {
    issuer,
    clientId: fc.clientId,
    clientSecret: fc.clientSecret,
    scopes: "openid given_name family_name birthdate gender email",
    acrValues: "eidas1",
  },
  forUsagers: true,
  forAgents: false,
  requiredForAgents: false,
  verifiesIdentity: true,
  enabled: true,
});

if (!browserPath()) {
  e2e.skip("identity providers (Chromium is missing)", () => {});
} else {
  e2e.before(async (ctx) => {
    await openBrowserSuite(ctx);
    const t = ctx.served.t;
    ctx.fc = await startTestProvider({
      redirectUris: redirectUrisOf(ctx.served.baseUrl),
      kind: "franceconnect",
    });
    ctx.superAdmin = await superAdminAgent(t);
    await ctx.superAdmin.trpc.superadmin.identityProviders.save.mutate(
      provider(ctx.fc, "FranceConnect"),
    );
    const admin = await adminAgent(t, ctx.superAdmin, "alix@mairie.fr");
    await publishedDemarche(admin, {
      titre: "Permis de végétaliser",
      path: PATH,
      form: { champs: [{ stableId: "lieu", type: "text", label: "Lieu" }], annotations: [] },
    });
  });
  e2e.after(async (ctx) => {
    await closeBrowserSuite(ctx);
    await ctx.fc?.stop();
  });

  e2e("an usager signs in with FranceConnect and comes back to the démarche", async (ctx) => {
    ctx.fc.signInAs({
      sub: "fc-camille",
      email: "camille.martin@example.fr",
      given_name: "Camille",
      family_name: "Martin",
    });
    const page = await newPage(ctx);
    await page.goto(`/connexion?retour=${encodeURIComponent(`/commencer/${PATH}`)}`);
    await heading(page, "Se connecter");
    await checkPage(page, "connexion_fournisseurs");
    await page.getByRole("link", { name: "Se connecter avec FranceConnect" }).click();
    await page.waitForURL(`**/commencer/${PATH}`);
    await heading(page, "Permis de végétaliser");

    await page.goto("/compte");
    const card = page.getByRole("region", { name: "Identités associées" });
    await card.getByText("FranceConnect").first().waitFor();
    await card.getByText("— Camille Martin").waitFor();
    await checkPage(page, "compte_identites");
  });

  e2e("linking to an existing account asks for its password", async (ctx) => {
    await signedUpAgent(ctx.served.t, "dominique@example.fr", PASSWORD);
    ctx.fc.signInAs({ sub: "fc-dominique", email: "dominique@example.fr" });
    const page = await newPage(ctx);
    await page.goto("/connexion");
    await page.getByRole("link", { name: "Se connecter avec FranceConnect" }).click();
    await page.waitForURL("**/connexion/liaison");
    await heading(page, "Associer votre identité à votre compte");
    await page.getByText("dominique@example.fr").first().waitFor();
    await checkPage(page, "connexion_liaison");
    await page.getByLabel("Mot de passe du compte", { exact: true }).fill(
      "pas-le-bon-mot-de-passe",
    );
    await page.getByRole("button", { name: "Associer et me connecter" }).click();
    await page.getByText("Mot de passe incorrect. Réessayez, ou recevez un lien par e-mail.")
      .waitFor();
    await checkPage(page, "connexion_liaison_refusee");
    await page.getByLabel("Mot de passe du compte", { exact: true }).fill(PASSWORD);
    await page.getByRole("button", { name: "Associer et me connecter" }).click();
    await page.waitForURL("**/compte");
    const card = page.getByRole("region", { name: "Identités associées" });
    await card.getByText("FranceConnect").first().waitFor();
  });

  e2e("a tampered state is refused with a French message", async (ctx) => {
    const page = await newPage(ctx);
    await page.goto("/connexion/fournisseur/1/retour?code=volé&state=inventé");
    await page.waitForURL("**/connexion?erreur=expiree&fournisseur=1");
    await page.getByRole("alert").getByText(
      "Cette connexion avec « FranceConnect » a expiré, a déjà servi ou a été commencée dans un autre navigateur.",
      { exact: false },
    ).waitFor();
    await checkPage(page, "connexion_fournisseur_erreur");
  });

  e2e("a provider that is down: a clear message, and e-mail sign-in works", async (ctx) => {
    const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    const closed = `http://127.0.0.1:${(listener.addr as Deno.NetAddr).port}`;
    listener.close();
    const { id } = await ctx.superAdmin.trpc.superadmin.identityProviders.save.mutate(
      provider(ctx.fc, "Connexion Mairie", closed),
    );
    try {
      await signedUpAgent(ctx.served.t, "panne@example.fr", PASSWORD);
      const page = await newPage(ctx);
      await page.goto("/connexion");
      await page.getByRole("link", { name: "Se connecter avec Connexion Mairie" }).click();
      await page.getByText("« Connexion Mairie » ne répond pas pour le moment.", { exact: false })
        .waitFor();
      await checkPage(page, "connexion_fournisseur_indisponible");
      await page.getByLabel("Adresse e-mail").fill("panne@example.fr");
      await page.getByLabel("Mot de passe").fill(PASSWORD);
      await page.getByRole("button", { name: "Se connecter", exact: true }).click();
      await page.waitForURL("**/compte");
    } finally {
      await ctx.superAdmin.trpc.superadmin.identityProviders.delete.mutate({ id });
    }
  });

  e2e("the super-admin configures providers without seeing the secret", async (ctx) => {
    const page = await newPage(ctx);
    await page.goto("/connexion?retour=%2Fsuper-admin%2Ffournisseurs-identite");
    await page.getByLabel("Adresse e-mail").fill("super@guichet.test");
    await page.getByLabel("Mot de passe").fill("Installation-Solide-2026!");
    await page.getByRole("button", { name: "Se connecter", exact: true }).click();
    await page.getByLabel("Code de vérification").fill(codeFor(ctx.served.t, "super@guichet.test"));
    await page.getByRole("button", { name: "Valider" }).click();
    await page.waitForURL("**/super-admin/fournisseurs-identite");
    await heading(page, "Fournisseurs d’identité");
    await page.getByText(`${ctx.served.baseUrl}/connexion/fournisseur/1/retour`).waitFor();
    await checkPage(page, "super_admin_fournisseurs");
    assert.not.match(await page.content(), ctx.fc.clientSecret);
    await page.getByRole("button", { name: "Modifier FranceConnect" }).click();
    await page.getByText("Un secret client est enregistré").waitFor();
    const secret = page.getByLabel("Secret client (client_secret)");
    assert.is(await secret.inputValue(), "");
    assert.is(await secret.getAttribute("type"), "password");
    assert.is(await secret.getAttribute("autocomplete"), "new-password");
    await checkPage(page, "super_admin_fournisseur_modifier");
  });
}

e2e.run();
