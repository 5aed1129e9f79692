/**
 * The antivirus as the usager sees it, in Chromium, with Debian's real clamd started by the
 * test (its database: the EICAR signature alone): the EICAR file reads « en cours de
 * vérification », then the French message that it holds a virus next to its champ; the
 * deposit is refused naming the champ; once it is replaced by a sound file, the dossier
 * deposits. The super-admin's « Tâches » page tells when clamd does not answer.
 */
import { Buffer } from "node:buffer";
import { suite } from "../helpers/suite.ts";
import * as assert from "uvu/assert";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { browserPath } from "../helpers/browser_setup.ts";
import { checkPage, heading, launchBrowser, newPage } from "../helpers/browser.ts";
import { type ServedInstance, startServedInstance } from "../helpers/served_instance.ts";
import { type Agent, signedUpAgent, superAdminAgent } from "../helpers/instance.ts";
import { publishedDemarche } from "../helpers/demarche.ts";
import { type Clamd, EICAR, startClamd } from "../helpers/clamd.ts";
import { ensureUiBuilt } from "../../core/setup.ts";

const EMAIL = "resident@exemple.fr";
const PASSWORD = "Un-mot-de-passe-solide-42";

interface Ctx {
  served: ServedInstance;
  clamd: Clamd;
  browser: Browser;
  contexts: BrowserContext[];
  page: Page;
  admin: Agent;
}

const e2e = suite<Ctx>("antivirus in the browser");

async function signIn(page: Page, email: string, retour: string) {
  await page.goto(`/connexion?retour=${encodeURIComponent(retour)}`);
  await page.getByLabel("Adresse e-mail", { exact: true }).fill(email);
  await page.getByLabel("Mot de passe", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Se connecter" }).click();
}

if (!browserPath()) {
  e2e.skip("EICAR refused in the browser (Chromium is missing)", () => {});
} else {
  e2e.before(async (ctx) => {
    ctx.contexts = [];
    assert.ok(await ensureUiBuilt(), "the UI must build");
    ctx.clamd = await startClamd();
    ctx.served = await startServedInstance({ env: { CLAMD_SOCKET: ctx.clamd.socket } });
    ctx.browser = await launchBrowser();
    const admin = ctx.admin = await superAdminAgent(ctx.served.t);
    await publishedDemarche(admin, {
      titre: "Carte de résident",
      path: "carte-resident",
      form: {
        champs: [{
          stableId: "justificatif",
          type: "piece_justificative",
          label: "Justificatif de domicile",
          mandatory: true,
          options: {},
        }],
        annotations: [],
      },
    });
    await signedUpAgent(ctx.served.t, EMAIL, PASSWORD);
  });

  e2e.after(async (ctx) => {
    for (const context of ctx.contexts ?? []) await context.close();
    await ctx.browser?.close();
    await ctx.served?.stop();
    await ctx.clamd?.close();
  });

  e2e("EICAR is checked, refused with a French message, and blocks the deposit", async (ctx) => {
    const page = ctx.page = await newPage(ctx);
    await signIn(page, EMAIL, "/commencer/carte-resident");
    await page.getByRole("button", { name: "Commencer la démarche" }).click();
    await page.waitForURL(/\/dossiers\/\d+$/);
    await heading(page, /Dossier n° \d+/);
    await page.getByLabel("Justificatif de domicile").setInputFiles({
      name: "facture.txt",
      mimeType: "text/plain",
      buffer: Buffer.from(EICAR),
    });
    await page.getByText("en cours de vérification").waitFor();
    await ctx.served.t.flush(); // the scan job, through clamd
    await page.getByText(
      "Le fichier « facture.txt » contient un virus (Eicar-Test-Signature) : il a été supprimé. Retirez-le et joignez un fichier sain.",
    ).waitFor();
    assert.is(await page.getByRole("link", { name: "facture.txt" }).count(), 0, "no download");
    await checkPage(page, "antivirus_infecte");

    await page.getByRole("button", { name: "Déposer le dossier" }).click();
    const summary = page.getByRole("alert").filter({ hasText: "avant de déposer le dossier" });
    await summary.getByRole("link", {
      name: /Le fichier « facture\.txt » du champ « Justificatif de domicile » contient un virus/,
    }).waitFor();
    // Next to the champ, the refusal says it once: the deposit's error, not the file's note too.
    assert.is(
      await page.locator(".field-error").filter({ hasText: "contient un virus" }).count(),
      1,
      "the virus is told once next to the champ",
    );
    await checkPage(page, "antivirus_depot_refuse");
  });

  e2e("a sound file replaces it and the dossier deposits", async (ctx) => {
    const { page } = ctx;
    await page.getByRole("button", { name: /Retirer/ }).click();
    await page.getByLabel("Justificatif de domicile").setInputFiles({
      name: "quittance.txt",
      mimeType: "text/plain",
      buffer: Buffer.from("Quittance de loyer, mars 2026"),
    });
    await page.getByText("en cours de vérification").waitFor();
    await ctx.served.t.flush();
    await page.getByRole("link", { name: "quittance.txt" }).waitFor();
    await page.getByRole("status").getByText(/^Enregistré à/).waitFor();
    await page.getByRole("button", { name: "Déposer le dossier" }).click();
    await page.getByRole("heading", { name: /Votre dossier n° \d+ est déposé/ }).waitFor();
  });

  e2e("a message waits for its file's check; an infected one is refused", async (ctx) => {
    const { page } = ctx;
    const messagerie = page.getByRole("region", { name: "Messagerie" });
    const send = async (name: string, bytes: Uint8Array) => {
      await messagerie.getByLabel("Votre message").fill(`Voici ${name}.`);
      await messagerie.getByLabel("Pièce jointe (facultatif)").setInputFiles({
        name,
        mimeType: "text/plain",
        buffer: Buffer.from(bytes),
      });
      await messagerie.getByRole("button", { name: "Envoyer le message" }).click();
      await messagerie.getByText("en cours de vérification par l’antivirus").waitFor();
      await ctx.served.t.flush();
    };
    await send("bail.txt", EICAR);
    await messagerie.getByRole("alert").getByText(
      "Le fichier « bail.txt » contient un virus (Eicar-Test-Signature) : il a été supprimé. Retirez-le et joignez un fichier sain.",
    ).waitFor();
    assert.is(await messagerie.getByText("Voici bail.txt.").count(), 0, "no message sent");
    await checkPage(page, "antivirus_message_refuse");
    await send("avis.txt", new TextEncoder().encode("Avis d’imposition 2025"));
    await messagerie.getByText("Votre message est envoyé à l’administration.").waitFor();
    await messagerie.getByRole("link", { name: "avis.txt" }).waitFor();
  });

  e2e("the super-admin's « Tâches » page says clamd does not answer", async (ctx) => {
    await ctx.clamd.stop();
    // The usager's page sends one more file while clamd is down.
    const sent = await ctx.page.evaluate(async () =>
      (await fetch("/files", {
        method: "POST",
        body: "Bail",
        headers: { "content-type": "text/plain", "x-filename": "bail.txt" },
      })).status
    );
    assert.is(sent, 201);
    await ctx.served.t.flush(); // clamd is down: the job fails and waits
    // The super-admin's session (signed in with its second factor), in a browser of its own.
    const admin = await newPage(ctx);
    const [name, value] = ctx.admin.cookie.split("=");
    await admin.context().addCookies([{ name, value, url: ctx.served.baseUrl }]);
    await admin.goto("/super-admin/taches");
    const alert = admin.getByRole("alert").filter({ hasText: "Antivirus injoignable" });
    await alert.getByText("1 fichier attend d’être vérifié", { exact: false }).waitFor();
    await alert.getByText(/Dernière erreur : Antivirus « ClamAV » injoignable/).waitFor();
    await checkPage(admin, "antivirus_taches");
    await ctx.clamd.start();
  });
}

e2e.run();
