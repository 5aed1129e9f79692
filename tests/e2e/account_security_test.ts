/**
 * « Mon compte » in a real browser: « Sessions actives » (another browser's session closed
 * from the list, then all the others), and the double authentification — turned on with the
 * key read from the page and the code computed as an app would, then asked at the next
 * sign-in. Every page visited passes axe (WCAG 2.1 AA).
 */
import { suite } from "../helpers/suite.ts";
import * as assert from "uvu/assert";
import type { Browser, BrowserContext, Page } from "playwright-core";
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
import { adminAgent } from "../helpers/people.ts";
import { totpCode, totpStep } from "../../core/accounts/totp.ts";

const ALICE = "alice@mairie-brest.fr";
const PASSWORD = "Administrer-La-Commune-2026";
const IPHONE =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

interface Ctx {
  served: ServedInstance;
  browser: Browser;
  contexts: BrowserContext[];
  page: Page;
  secret: string;
  /** The last time step whose code the test gave: a code is accepted once. */
  lastStep: number;
}

const e2e = suite<Ctx>("account security in the browser");

/** A code the app would show now, after the last one given (the next step is accepted too). */
function nextCode(ctx: Ctx): string {
  const step = Math.max(totpStep(Date.now()), ctx.lastStep + 1);
  ctx.lastStep = step;
  return totpCode(ctx.secret, step * 30_000);
}

async function signIn(page: Page) {
  await page.goto("/connexion?retour=%2Fcompte");
  await heading(page, "Se connecter");
  await page.getByLabel("Adresse e-mail").fill(ALICE);
  await page.getByLabel("Mot de passe").fill(PASSWORD);
  await page.getByRole("button", { name: "Se connecter" }).click();
}

if (!browserPath()) {
  e2e.skip("sessions and double authentification (Chromium is missing)", () => {});
} else {
  e2e.before(async (ctx) => {
    await openBrowserSuite(ctx);
    const t = ctx.served.t;
    await adminAgent(t, await superAdminAgent(t), ALICE);
    ctx.page = await newPage(ctx);
  });
  e2e.after(closeBrowserSuite);

  e2e("« Sessions actives » closes another browser's session, then all the others", async (ctx) => {
    const { page } = ctx;
    const t = ctx.served.t;
    const phone = t.agent({ ip: "198.51.100.20", userAgent: IPHONE });
    await phone.trpc.auth.signIn.mutate({ email: ALICE, password: PASSWORD });
    await signIn(page);
    await page.waitForURL("**/compte");
    const list = page.getByRole("list", { name: "Sessions actives" });
    const current = list.getByRole("listitem").filter({
      has: page.getByText("Cette session", { exact: true }),
    });
    await current.getByText(/^Chrome \d+ sur Linux$/).waitFor();
    await current.getByText("Maintenant").waitFor();
    assert.is(await current.getByRole("button").count(), 0, "the current one is not closed here");
    const iphone = list.getByRole("listitem").filter({ hasText: "Safari 17 sur iPhone" });
    await iphone.getByText("198.51.100.20").waitFor();
    await checkPage(page, "compte_sessions");

    await iphone.getByRole("button", { name: "Fermer cette session" }).click();
    await page.getByText("La session « Safari 17 sur iPhone » est fermée").waitFor();
    assert.is(await iphone.count(), 0);
    assert.is(await phone.trpc.auth.session.query(), null, "the phone is signed out");

    for (const ip of ["198.51.100.21", "198.51.100.22"]) {
      await t.agent({ ip, userAgent: IPHONE }).trpc.auth.signIn.mutate({
        email: ALICE,
        password: PASSWORD,
      });
    }
    await page.reload();
    await list.getByRole("listitem").nth(2).waitFor();
    await page.getByRole("button", { name: "Fermer toutes les autres sessions" }).click();
    await page.getByText("Toutes vos autres sessions sont fermées.").waitFor();
    // The list is read again after the message shows: wait for the others to leave it.
    await list.getByRole("listitem").nth(1).waitFor({ state: "detached" });
    assert.is(await list.getByRole("listitem").count(), 1);
    await checkPage(page, "compte_sessions_seule");
  });

  e2e("an administrateur turns the double authentification on from « Mon compte »", async (ctx) => {
    const { page } = ctx;
    const card = page.getByRole("region", { name: "Double authentification" });
    await card.getByRole("link", { name: "Activer la double authentification" }).click();
    await page.waitForURL("**/compte/double-authentification");
    await heading(page, "Double authentification");
    await checkPage(page, "double_authentification");
    await page.getByRole("button", { name: "Configurer l’application" }).click();
    await page.getByRole("img", { name: /QR code à scanner/ }).waitFor();
    ctx.secret = (await page.getByTestId("totp-secret").textContent())!.replaceAll(" ", "");
    assert.match(ctx.secret, /^[A-Z2-7]{32}$/);
    await checkPage(page, "double_authentification_qr");

    await page.getByLabel("Code à 6 chiffres").fill("000000");
    await page.getByRole("button", { name: "Activer la double authentification" }).click();
    await page.locator("#champ-code-erreur").getByText(/ne correspond pas/).waitFor();
    ctx.lastStep = 0;
    await page.getByLabel("Code à 6 chiffres").fill(nextCode(ctx));
    await page.getByRole("button", { name: "Activer la double authentification" }).click();
    const codes = page.getByRole("list", { name: "Codes de secours" }).getByRole("listitem");
    await codes.first().waitFor();
    assert.is(await codes.count(), 10);
    await checkPage(page, "double_authentification_codes");
    await page.getByRole("link", { name: "J’ai noté mes codes de secours, continuer" }).click();
    await page.waitForURL("**/compte");
    await card.getByText("Codes de secours restants : 10 sur 10").waitFor();
    await checkPage(page, "compte_double_authentification_active");
  });

  e2e("the next sign-in asks for the app's code after the password", async (ctx) => {
    const { page } = ctx;
    await page.getByRole("button", { name: `Compte : ${ALICE}` }).click();
    await page.getByRole("button", { name: "Se déconnecter" }).click();
    await page.getByText("Vous êtes déconnecté.").waitFor();
    await signIn(page);
    const code = page.getByLabel("Code de vérification");
    await code.waitFor();
    assert.is(await page.evaluate(() => document.activeElement?.id), "champ-code");
    await checkPage(page, "connexion_code");
    await code.fill("123456");
    await page.getByRole("button", { name: "Valider" }).click();
    assert.match(await page.getByRole("alert").first().innerText(), /Ce code n’est pas valable/);
    await code.fill(nextCode(ctx));
    await page.getByRole("button", { name: "Valider" }).click();
    await page.waitForURL("**/compte");
    await heading(page, "Mon compte");
  });
}

e2e.run();
