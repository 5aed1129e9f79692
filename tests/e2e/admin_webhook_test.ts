/**
 * « Livraisons du webhook » in a real browser, against a real receiver on loopback (so the
 * instance runs with WEBHOOK_ALLOW_PRIVATE=true): reached from the webhook's card in «
 * Fonctionnalités »; the log lists a dossier's events newest first with their status, tries
 * and last answer (the later one waiting behind the earlier); « Envoyer un test » and «
 * Renvoyer » work from the keyboard and say the outcome. Axe passes on a computer and a phone.
 */
import { suite } from "../helpers/suite.ts";
import * as assert from "uvu/assert";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { browserPath } from "../helpers/browser_setup.ts";
import {
  checkPage,
  closeBrowserSuite,
  heading,
  launchBrowser,
  newPage,
} from "../helpers/browser.ts";
import { type ServedInstance, startServedInstance } from "../helpers/served_instance.ts";
import { signedUpAgent, superAdminAgent } from "../helpers/instance.ts";
import { adminAgent, invitedAgent } from "../helpers/people.ts";
import { publishedDemarche } from "../helpers/demarche.ts";
import { ensureUiBuilt } from "../../core/setup.ts";

const ALICE = "alice@mairie-brest.fr";
const PASSWORD = "Administrer-La-Commune-2026";

interface Ctx {
  served: ServedInstance;
  browser: Browser;
  contexts: BrowserContext[];
  receiver: Deno.HttpServer<Deno.NetAddr>;
  answers: number[];
  received: string[];
  demarcheId: number;
  dossierId: number;
  page: Page;
}

const e2e = suite<Ctx>("« Livraisons du webhook » in the browser");

async function signIn(page: Page, demarcheId: number) {
  await page.goto(`/connexion?retour=/admin/demarches/${demarcheId}/fonctionnalites`);
  await page.getByLabel("Adresse e-mail").fill(ALICE);
  await page.getByLabel("Mot de passe").fill(PASSWORD);
  await page.getByRole("button", { name: "Se connecter" }).click();
  await heading(page, "Fonctionnalités");
}

if (!browserPath()) {
  e2e.skip("webhook deliveries in the browser (Chromium is missing)", () => {});
} else {
  e2e.before(async (ctx) => {
    ctx.contexts = [];
    ctx.answers = [503];
    ctx.received = [];
    ctx.receiver = Deno.serve(
      { port: 0, hostname: "127.0.0.1", onListen: () => {} },
      async (req) => {
        ctx.received.push(JSON.parse(await req.text()).evenement);
        return new Response(null, { status: ctx.answers.shift() ?? 200 });
      },
    );
    assert.ok(await ensureUiBuilt(), "the UI must build");
    ctx.served = await startServedInstance({ env: { WEBHOOK_ALLOW_PRIVATE: "true" } });
    ctx.browser = await launchBrowser();
    const t = ctx.served.t;
    const alice = await adminAgent(t, await superAdminAgent(t), ALICE);
    ctx.demarcheId = await publishedDemarche(alice, {
      titre: "Titre de navigation",
      path: "titre-navigation",
      form: {
        champs: [{ stableId: "nom", type: "text", label: "Nom du bateau", mandatory: true }],
        annotations: [],
      },
    });
    await alice.trpc.admin.demarches.setFonctionnalite.mutate({
      id: ctx.demarcheId,
      pluginId: "webhook",
      enabled: true,
      settings: { url: `http://127.0.0.1:${ctx.receiver.addr.port}/guichet` },
    });
    const marc = await invitedAgent(t, "marc@mairie.fr");
    const usager = (await signedUpAgent(t, "proprietaire@exemple.fr")).trpc.usager;
    const { id } = await usager.start.mutate({ path: "titre-navigation" });
    await usager.save.mutate({ id, values: { nom: "Le Goéland" } });
    await usager.deposer.mutate({ id });
    await t.flush(); // the receiver answers 503: the deposit is to be tried again
    await marc.trpc.instruction.decide.mutate({ id, event: "passer_en_instruction" });
    await t.flush(); // this one waits behind the deposit
    ctx.dossierId = id;
    ctx.page = await newPage(ctx);
    await signIn(ctx.page, ctx.demarcheId);
  });
  e2e.after(async (ctx) => {
    await closeBrowserSuite(ctx);
    await ctx.receiver?.shutdown();
  });

  e2e("the log is reached from the webhook's card and lists its deliveries", async (ctx) => {
    const page = ctx.page;
    const link = page.getByRole("link", { name: /Livraisons du webhook/ });
    await link.focus();
    await page.keyboard.press("Enter");
    await heading(page, "Livraisons du webhook");
    const table = page.getByRole("region", { name: "Livraisons du webhook" });
    const rows = table.getByRole("row");
    await rows.nth(2).waitFor();
    const newest = (await rows.nth(1).innerText()).replace(/\s+/g, " ");
    assert.match(newest, /Passage en instruction/);
    assert.match(newest, new RegExp(`n° ${ctx.dossierId}`));
    assert.match(newest, /En attente/);
    assert.match(newest, /Après l’envoi précédent du dossier/);
    const deposit = (await rows.nth(2).innerText()).replace(/\s+/g, " ");
    assert.match(deposit, /Dépôt du dossier/);
    assert.match(deposit, /HTTP 503/);
    assert.match(deposit, /Le serveur a répondu 503/);
    await checkPage(page, "admin_webhook");
  });

  e2e("« Renvoyer » from the keyboard sends the deposit, then the waiting event", async (ctx) => {
    const page = ctx.page;
    const button = page.getByRole("button", { name: /Renvoyer la livraison n° 1$/ });
    await button.focus();
    await page.keyboard.press("Enter");
    await page.getByText("Livraison n° 1 renvoyée : livré (réponse 200).").waitFor();
    await ctx.served.t.flush();
    assert.equal(ctx.received, ["deposer", "deposer", "passer_en_instruction"]);
  });

  e2e("« Envoyer un test » says the outcome and shows the test first", async (ctx) => {
    const page = ctx.page;
    await page.getByRole("button", { name: "Envoyer un test" }).focus();
    await page.keyboard.press("Enter");
    await page.getByText("Envoi de test : livré (réponse 200).").waitFor();
    const first = page.getByRole("region", { name: "Livraisons du webhook" }).getByRole("row")
      .nth(1);
    assert.match(await first.innerText(), /Test/);
    assert.match(await first.innerText(), /Livré/);
    await checkPage(page, "admin_webhook_test");
  });

  e2e("on a phone", async (ctx) => {
    const page = await newPage(ctx, { width: 390, height: 844 });
    await signIn(page, ctx.demarcheId);
    await page.goto(`/admin/demarches/${ctx.demarcheId}/webhook`);
    await heading(page, "Livraisons du webhook");
    await page.getByRole("button", { name: "Envoyer un test" }).waitFor();
    await checkPage(page, "admin_webhook_phone");
  });
}

e2e.run();
