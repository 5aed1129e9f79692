/**
 * The accounts journey in a real browser, on the built UI served by a real instance:
 * installation by the super-admin (led to turn on the double authentification first),
 * sign-up and confirmation by e-mail, sign-out and sign-in (also keyboard only), an
 * administrator request accepted by the super-admin, and the new administrator's first
 * password. Every page visited passes axe (WCAG 2.1 AA).
 */
import { suite } from "../helpers/suite.ts";
import * as assert from "uvu/assert";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { browserPath } from "../helpers/browser_setup.ts";
import {
  checkPage,
  heading,
  launchBrowser,
  linkIn,
  newPage,
  SHOTS_DIR,
} from "../helpers/browser.ts";
import { type ServedInstance, startServedInstance } from "../helpers/served_instance.ts";
import { ensureUiBuilt } from "../../core/setup.ts";
import { totpCode } from "../../core/accounts/totp.ts";

const PASSWORD = "Un-mot-de-passe-solide-42";
const SUPER_PASSWORD = "Installation-Solide-2026!";
const NEWCOMER = "camille@exemple.fr";
const ADMIN_EMAIL = "camille.martin@mairie-saint-martin.fr";

interface Ctx {
  served: ServedInstance;
  browser: Browser;
  contexts: BrowserContext[];
  superAdmin: Page;
  newcomer: Page;
}

const e2e = suite<Ctx>("accounts in the browser");

if (!browserPath()) {
  e2e.skip("the whole accounts journey (Chromium is missing)", () => {});
} else {
  e2e.before(async (ctx) => {
    ctx.contexts = [];
    try {
      assert.ok(await ensureUiBuilt(), "the UI must build");
      ctx.served = await startServedInstance();
      ctx.browser = await launchBrowser();
    } catch (error) {
      // uvu counts every test as failed but prints nothing when a before hook throws.
      console.error("\nThe browser tests could not start:", error);
      throw error;
    }
  });

  e2e.after(async (ctx) => {
    for (const context of ctx.contexts ?? []) await context.close();
    await ctx.browser?.close();
    await ctx.served?.stop();
  });

  e2e(
    "the super-admin completes the installation, then must turn on the double authentification",
    async (ctx) => {
      const page = ctx.superAdmin = await newPage(ctx);
      const link = ctx.served.t.installationLink;
      assert.ok(link?.startsWith(ctx.served.baseUrl), "the installation link uses BASE_URL");
      await page.goto(link!);
      await heading(page, "Installation de Guichet");
      await checkPage(page, "installation");
      await page.getByLabel("Adresse e-mail", { exact: true }).fill("super@guichet.test");
      await page.getByLabel("Mot de passe", { exact: true }).fill(SUPER_PASSWORD);
      await page.getByRole("button", { name: "Créer le compte super-administrateur" }).click();
      // Super-admins must use a second factor: the UI leads to its set-up, then back.
      await page.waitForURL("**/compte/double-authentification?retour=%2Fsuper-admin%2Fdemandes");
      await heading(page, "Double authentification");
      await page.getByText("obligatoire pour les super-administrateurs").waitFor();
      await checkPage(page, "double_authentification_obligatoire");
      await page.getByRole("button", { name: "Configurer l’application" }).click();
      const secret = (await page.getByTestId("totp-secret").textContent())!.replaceAll(" ", "");
      await page.getByLabel("Code à 6 chiffres").fill(totpCode(secret, Date.now()));
      await page.getByRole("button", { name: "Activer la double authentification" }).click();
      await page.getByRole("list", { name: "Codes de secours" }).waitFor();
      await page.getByRole("link", { name: "J’ai noté mes codes de secours, continuer" }).click();
      await page.waitForURL("**/super-admin/demandes");
      await heading(page, "Demandes de compte administrateur");
      await page.getByText("Aucune demande en attente.").waitFor();
      await checkPage(page, "super_admin_demandes_vide");
    },
  );

  e2e("the home page says what Guichet is and offers the next steps", async (ctx) => {
    const page = ctx.newcomer = await newPage(ctx);
    await page.goto("/");
    await heading(page, "Vos démarches administratives, en ligne");
    for (const name of ["Créer un compte", "Se connecter", "Demander un compte administrateur"]) {
      assert.ok(await page.getByRole("link", { name, exact: true }).first().isVisible(), name);
    }
    await checkPage(page, "accueil");
  });

  e2e("sign-up shows the field's message for a weak password", async (ctx) => {
    const page = ctx.newcomer;
    await page.getByRole("main").getByRole("link", { name: "Créer un compte" }).click();
    await heading(page, "Créer un compte");
    await page.getByLabel("Adresse e-mail").fill(NEWCOMER);
    await page.getByLabel("Mot de passe").fill("court");
    await page.getByRole("button", { name: "Créer mon compte" }).click();
    await page.getByRole("alert").waitFor();
    const password = page.getByLabel("Mot de passe");
    assert.is(await password.getAttribute("aria-invalid"), "true");
    assert.match(await page.locator("#champ-password-erreur").innerText(), /au moins 12/);
    await checkPage(page, "inscription_erreur");
  });

  e2e("a newcomer signs up and confirms the address from the e-mail", async (ctx) => {
    const page = ctx.newcomer;
    await page.getByLabel("Mot de passe").fill(PASSWORD);
    await page.getByRole("button", { name: "Créer mon compte" }).click();
    await heading(page, "Vérifiez votre boîte mail");
    await checkPage(page, "inscription_envoyee");
    const mail = await ctx.served.t.mail(NEWCOMER, "Confirmez votre adresse");
    await page.goto(linkIn(mail.text));
    await page.waitForURL("**/compte");
    await heading(page, "Mon compte");
    await page.getByText("Votre adresse e-mail est confirmée").waitFor();
    assert.ok(await page.getByRole("button", { name: `Compte : ${NEWCOMER}` }).isVisible());
    await checkPage(page, "compte");
  });

  e2e("the newcomer signs out, and signs in again to come back to the page", async (ctx) => {
    const page = ctx.newcomer;
    await page.getByRole("button", { name: `Compte : ${NEWCOMER}` }).click();
    await page.getByRole("button", { name: "Se déconnecter" }).click();
    await page.getByText("Vous êtes déconnecté.").waitFor();
    await page.goto("/compte");
    await page.waitForURL("**/connexion?retour=%2Fcompte");
    await heading(page, "Se connecter");
    await checkPage(page, "connexion");
    await page.getByLabel("Adresse e-mail").fill(NEWCOMER);
    await page.getByLabel("Mot de passe").fill("Pas-le-bon-2026!");
    await page.getByRole("button", { name: "Se connecter" }).click();
    assert.match(await page.getByRole("alert").innerText(), /incorrect/);
    await page.getByLabel("Mot de passe").fill(PASSWORD);
    await page.getByRole("button", { name: "Se connecter" }).click();
    await page.waitForURL("**/compte");
    await heading(page, "Mon compte");
  });

  e2e("sign-in works with the keyboard alone", async (ctx) => {
    const page = await newPage(ctx);
    await page.goto("/connexion?retour=/compte");
    await heading(page, "Se connecter");
    const focused = () => page.evaluate(() => document.activeElement?.id ?? "");
    let tabs = 0;
    while ((await focused()) !== "champ-email" && tabs++ < 20) await page.keyboard.press("Tab");
    assert.is(await focused(), "champ-email", "Tab reaches the e-mail field");
    await page.keyboard.type(NEWCOMER);
    await page.screenshot({ path: `${SHOTS_DIR}/clavier_focus.png` });
    await page.keyboard.press("Tab");
    assert.is(await focused(), "champ-password");
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press("Enter");
    await page.waitForURL("**/compte");
    await heading(page, "Mon compte");
  });

  e2e("a form page fits a phone screen without sideways scrolling", async (ctx) => {
    const page = await newPage(ctx, { width: 375, height: 740 });
    for (const [path, name] of [["/inscription", "Créer un compte"], ["/", null]] as const) {
      await page.goto(path);
      if (name) await heading(page, name);
      await page.getByRole("heading", { level: 1 }).waitFor();
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 375, `${path} is ${width}px wide on a 375px screen`);
      await checkPage(page, `telephone${path.replaceAll("/", "_")}`);
    }
  });

  e2e("other public pages pass the accessibility check", async (ctx) => {
    const page = await newPage(ctx);
    await page.goto("/mot-de-passe/oublie");
    await heading(page, "Mot de passe oublié");
    await checkPage(page, "mot_de_passe_oublie");
    await page.goto("/une/page/qui/n-existe-pas");
    await heading(page, "Page introuvable");
    await checkPage(page, "introuvable");
  });

  e2e("the signed-in newcomer requests an administrator account", async (ctx) => {
    const page = ctx.newcomer;
    await page.goto("/administrateur/demande");
    await heading(page, "Demander un compte administrateur");
    await checkPage(page, "administrateur_demande");
    await page.getByLabel("Nom et prénom").fill("Camille Martin");
    await page.getByLabel("Organisation").fill("Commune de Saint-Martin");
    await page.getByLabel("Adresse e-mail professionnelle").fill(ADMIN_EMAIL);
    await page.getByLabel("Démarche que vous souhaitez mettre en ligne")
      .fill("Les demandes d’occupation du domaine public, pour les commerçants.");
    await page.getByRole("button", { name: "Envoyer la demande" }).click();
    await heading(page, "Demande envoyée");
    await checkPage(page, "administrateur_demande_envoyee");
  });

  e2e("the super-admin accepts the request on /super-admin/demandes", async (ctx) => {
    const page = ctx.superAdmin;
    await ctx.served.t.mail("super@guichet.test", "Nouvelle demande");
    await page.goto("/super-admin/demandes");
    const card = page.getByRole("listitem").filter({ hasText: ADMIN_EMAIL });
    await card.waitFor();
    await checkPage(page, "super_admin_demandes");
    await card.getByRole("button", { name: "Accepter" }).click();
    await page.getByText(`un e-mail a été envoyé à ${ADMIN_EMAIL}`).waitFor();
    await page.getByRole("link", { name: "Acceptées" }).click();
    await page.getByRole("listitem").filter({ hasText: ADMIN_EMAIL }).waitFor();
    await checkPage(page, "super_admin_demandes_acceptees");
  });

  e2e("the super-admin sees the jobs and the installed plugins", async (ctx) => {
    const page = ctx.superAdmin;
    await ctx.served.t.flush();
    await page.getByRole("link", { name: "Tâches" }).click();
    await heading(page, "Tâches de fond");
    await page.getByRole("table").waitFor();
    assert.ok(await page.getByRole("cell", { name: "Terminée" }).first().isVisible());
    await checkPage(page, "super_admin_taches");
    await page.getByRole("link", { name: "Plugins" }).click();
    await heading(page, "Plugins installés");
    await page.getByText("mail_smtp", { exact: true }).first().waitFor();
    // Every kind of contribution is listed, the webhook's and the identity providers' too.
    await page.getByRole("term").filter({ hasText: "Webhooks" }).first().waitFor();
    await page.getByRole("term").filter({ hasText: "Fournisseurs d’identité" }).first().waitFor();
    await checkPage(page, "super_admin_plugins");
  });

  e2e("the new administrator sets a password and reaches the admin space", async (ctx) => {
    const mail = await ctx.served.t.mail(ADMIN_EMAIL, "compte administrateur est validé");
    const page = await newPage(ctx);
    await page.goto(linkIn(mail.text));
    await heading(page, "Bienvenue sur Guichet");
    await page.getByText("Votre demande de compte administrateur est acceptée").waitFor();
    assert.is(await page.getByLabel("Votre adresse e-mail").inputValue(), ADMIN_EMAIL);
    await checkPage(page, "mot_de_passe_nouveau");
    await page.getByLabel("Mot de passe", { exact: true }).fill("Admin-Commune-2026!");
    await page.getByLabel("Confirmez le mot de passe").fill("Admin-Commune-2026!");
    await page.getByRole("button", { name: "Enregistrer et continuer" }).click();
    await page.waitForURL("**/admin");
    await heading(page, "Mes démarches");
    await page.getByText("Vous n’avez pas encore de démarche").waitFor();
    const nav = page.getByRole("navigation", { name: "Espaces" });
    assert.ok(await nav.getByRole("link", { name: "Administration" }).isVisible());
    assert.is(await nav.getByRole("link", { name: "Super-admin" }).count(), 0);
    await checkPage(page, "admin");
    await page.setViewportSize({ width: 375, height: 740 });
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 375, `/admin is ${width}px wide on a 375px screen`);
    await checkPage(page, "telephone_admin");
  });

  e2e("a signed-in usager without the role is kept out of the admin space", async (ctx) => {
    const page = ctx.newcomer;
    await page.goto("/admin");
    await heading(page, "Accès réservé");
    // A usager's only space is their dossiers: no link to the spaces of other roles.
    const nav = page.getByRole("navigation", { name: "Espaces" });
    assert.ok(await nav.getByRole("link", { name: "Mes dossiers" }).isVisible());
    for (const other of ["Administration", "Super-admin", "Instruction"]) {
      assert.is(await nav.getByRole("link", { name: other }).count(), 0, other);
    }
    await checkPage(page, "acces_reserve");
  });
}

e2e.run();
