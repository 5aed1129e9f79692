/**
 * « Préremplissage » in a real browser: a tool prefills a brouillon through the API with a
 * jeton « Instruction »; its usager opens the link, signs up (the confirmation e-mail opened
 * in another tab), lands on the brouillon with the values given, completes and deposits it.
 * Someone else opening the same link afterwards is told it has served. Pages pass axe.
 */
import { suite } from "../helpers/suite.ts";
import * as assert from "uvu/assert";
import type { Browser, BrowserContext } from "playwright-core";
import { browserPath } from "../helpers/browser_setup.ts";
import {
  checkPage,
  closeBrowserSuite,
  heading,
  linkIn,
  newPage,
  openBrowserSuite,
} from "../helpers/browser.ts";
import type { ServedInstance } from "../helpers/served_instance.ts";
import { signedUpAgent, superAdminAgent } from "../helpers/instance.ts";
import { publishedDemarche } from "../helpers/demarche.ts";

const PASSWORD = "Un-mot-de-passe-solide-42";
const FORM = {
  champs: [
    { stableId: "nom", type: "text", label: "Nom du bateau", mandatory: true },
    { stableId: "longueur", type: "decimal_number", label: "Longueur (m)", mandatory: true },
    { stableId: "port", type: "text", label: "Port d’attache", mandatory: true },
  ],
  annotations: [],
};

interface Ctx {
  served: ServedInstance;
  browser: Browser;
  contexts: BrowserContext[];
  lien: string;
  id: number;
}

const e2e = suite<Ctx>("prefill link in the browser");

if (!browserPath()) {
  e2e.skip("a prefilled brouillon claimed by its link (Chromium is missing)", () => {});
} else {
  e2e.before(async (ctx) => {
    await openBrowserSuite(ctx);
    const t = ctx.served.t;
    const admin = await superAdminAgent(t);
    const demarcheId = await publishedDemarche(admin, {
      titre: "Permis de naviguer",
      path: "permis",
      form: FORM,
    });
    const { secret } = await admin.trpc.admin.jetons.create.mutate({
      label: "Logiciel métier",
      days: 30,
      demarcheIds: [demarcheId],
      access: "instruction",
    });
    const res = await fetch(`${ctx.served.baseUrl}/api/v1/demarches/${demarcheId}/dossiers`, {
      method: "POST",
      headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
      body: JSON.stringify({ champs: { nom: "Le Cormoran", longueur: 7.5 } }),
    });
    const body = await res.json();
    assert.is(res.status, 201, JSON.stringify(body));
    ctx.lien = body.lien;
    ctx.id = body.dossier.id;
  });
  e2e.after(closeBrowserSuite);

  e2e(
    "the usager opens the link, signs up, finds the values given and deposits the dossier",
    async (ctx) => {
      const page = await newPage(ctx);
      await page.goto(ctx.lien);
      await heading(page, "Se connecter");
      await page.getByRole("link", { name: "Créer un compte" }).last().click();
      await heading(page, "Créer un compte");
      await page.getByLabel("Adresse e-mail").fill("marin@exemple.fr");
      await page.getByLabel("Mot de passe").fill(PASSWORD);
      await page.getByRole("button", { name: "Créer mon compte" }).click();
      await heading(page, "Vérifiez votre boîte mail");
      const mail = await ctx.served.t.mail("marin@exemple.fr", "Confirmez votre adresse");
      const tab = await page.context().newPage();
      await tab.goto(linkIn(mail.text));
      await tab.waitForURL(new RegExp(`/dossiers/${ctx.id}$`));
      await heading(tab, `Dossier n° ${ctx.id}`);
      await tab.getByText("prérempli par l’administration").waitFor();
      assert.is(await tab.getByLabel("Nom du bateau").inputValue(), "Le Cormoran");
      assert.match(await tab.getByLabel("Longueur (m)").inputValue(), /^7[,.]5$/);
      await checkPage(tab, "preremplissage_brouillon");
      await tab.getByLabel("Port d’attache").fill("Brest");
      await tab.getByRole("button", { name: "Déposer le dossier" }).click();
      await tab.getByRole("heading", { name: `Votre dossier n° ${ctx.id} est déposé` }).waitFor();
      const row = await ctx.served.t.deps.db.selectFrom("dossiers")
        .innerJoin("users", "users.id", "dossiers.owner_id")
        .select(["users.email", "dossiers.state"]).where("dossiers.id", "=", ctx.id)
        .executeTakeFirstOrThrow();
      assert.equal({ ...row }, { email: "marin@exemple.fr", state: "en_construction" });
    },
  );

  e2e("someone else opening the same link is told it has served", async (ctx) => {
    await signedUpAgent(ctx.served.t, "autre@exemple.fr", PASSWORD);
    const page = await newPage(ctx, { width: 390, height: 844 });
    await page.goto(ctx.lien);
    await heading(page, "Se connecter");
    await page.getByLabel("Adresse e-mail").fill("autre@exemple.fr");
    await page.getByLabel("Mot de passe").fill(PASSWORD);
    await page.getByRole("button", { name: "Se connecter" }).click();
    await heading(page, "Dossier prérempli");
    await page.getByRole("alert").filter({ hasText: "Ce lien a déjà servi" }).waitFor();
    await checkPage(page, "preremplissage_deja_utilise");
  });
}

e2e.run();
