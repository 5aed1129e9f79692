/**
 * The administrator space in a real browser: creating a démarche, its settings, its
 * instructeurs and a routing rule, a fonctionnalité and its generated settings form, the
 * checklist emptying, publication at a chosen address; then a second administrator finds
 * it in the catalogue and clones it. Every page visited passes axe (WCAG 2.1 AA).
 */
import { suite } from "../helpers/suite.ts";
import * as assert from "uvu/assert";
import * as v from "valibot";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { browserPath } from "../helpers/browser_setup.ts";
import { checkPage, heading, launchBrowser, newPage } from "../helpers/browser.ts";
import {
  type Agent,
  startTestInstance,
  superAdminAgent,
  type TestInstance,
  tokenFrom,
} from "../helpers/instance.ts";
import { ensureUiBuilt } from "../../core/setup.ts";
import { definePlugin } from "../../core/plugin_sdk/mod.ts";

const PASSWORD = "Administrer-La-Commune-2026";
const ALICE = "alice@mairie-brest.fr";
const BOB = "bob@mairie-quimper.fr";
const INSTRUCTEUR = "instructeur@mairie-brest.fr";
const TITRE = "Titre de navigation";

/** A plugin off by default, with settings of every kind the generated form handles. */
const optionsPlugin = definePlugin({
  id: "rappels",
  version: "1.0.0",
  label: "Rappels aux usagers",
  description: "Relance les usagers dont le dossier reste en brouillon.",
  host: "^1.0.0",
  enabledByDefault: false,
  settings: v.object({
    delai: v.optional(
      v.pipe(
        v.number(),
        v.integer(),
        v.minValue(1, "Le délai doit être d’au moins 1 jour."),
        v.maxValue(90, "Le délai ne peut pas dépasser 90 jours."),
        v.title("Délai avant relance, en jours"),
      ),
      7,
    ),
    signature: v.optional(v.pipe(v.string(), v.title("Signature des relances")), ""),
    canal: v.optional(v.pipe(v.picklist(["email", "sms"]), v.title("Canal")), "email"),
    copie: v.optional(v.pipe(v.boolean(), v.title("Envoyer une copie au service")), false),
  }),
  register() {},
});

const FORM = {
  champs: [
    { stableId: "nom", type: "text", label: "Nom du bateau", mandatory: true },
    { stableId: "immat", type: "yes_no", label: "Le bateau est-il immatriculé ?" },
    {
      stableId: "zone",
      type: "drop_down_list",
      label: "Zone de navigation",
      options: { choices: ["Atlantique", "Manche"] },
    },
  ],
  annotations: [{ stableId: "avis", type: "text", label: "Avis du secrétariat" }],
};

interface Served {
  t: TestInstance;
  baseUrl: string;
  stop(): Promise<void>;
}

/** Like `startServedInstance`, with the plugin above installed. */
async function serve(): Promise<Served> {
  const target: { app?: TestInstance["app"] } = {};
  const server = Deno.serve(
    { port: 0, hostname: "127.0.0.1", onListen: () => {} },
    (request, info) =>
      target.app ? target.app.fetch(request, info) : new Response("Démarrage", { status: 503 }),
  );
  const baseUrl = `http://127.0.0.1:${server.addr.port}`;
  const t = await startTestInstance({
    serveUi: true,
    env: { BASE_URL: baseUrl },
    extraPlugins: [{ source: "test", definition: optionsPlugin }],
  });
  target.app = t.app;
  return {
    t,
    baseUrl,
    async stop() {
      await server.shutdown();
      await t.stop();
    },
  };
}

async function adminAgent(t: TestInstance, superAdmin: Agent, email: string): Promise<Agent> {
  await t.agent().trpc.auth.requestAdminAccount.mutate({
    nom: email,
    organisation: "Commune",
    email,
    motif: "Démarches",
  });
  const [request] = (await superAdmin.trpc.superadmin.demandesAdmin.list.query({}))
    .filter((r) => r.email === email);
  await superAdmin.trpc.superadmin.demandesAdmin.accept.mutate({ id: request.id });
  const agent = t.agent();
  await agent.trpc.auth.setPassword.mutate({
    token: tokenFrom(await t.mail(email, "compte administrateur")),
    password: PASSWORD,
  });
  return agent;
}

interface Ctx {
  served: Served;
  browser: Browser;
  contexts: BrowserContext[];
  superAdmin: Agent;
  alice: Agent;
  page: Page;
  demarcheId: number;
}

const e2e = suite<Ctx>("the administrator space in the browser");

async function signIn(page: Page, email: string, goTo: string) {
  await page.goto(`/connexion?retour=${encodeURIComponent(goTo)}`);
  await page.getByLabel("Adresse e-mail").fill(email);
  await page.getByLabel("Mot de passe").fill(PASSWORD);
  await page.getByRole("button", { name: "Se connecter" }).click();
  await page.waitForURL(`**${goTo}`);
}

/** Asserts the page is no wider than the screen (no sideways scrolling). */
async function fitsWidth(page: Page, width: number, what: string) {
  const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(scroll <= width, `${what} is ${scroll}px wide on a ${width}px screen`);
}

if (!browserPath()) {
  e2e.skip("the whole administrator journey (Chromium is missing)", () => {});
} else {
  e2e.before(async (ctx) => {
    ctx.contexts = [];
    try {
      assert.ok(await ensureUiBuilt(), "the UI must build");
      ctx.served = await serve();
      ctx.browser = await launchBrowser();
      ctx.superAdmin = await superAdminAgent(ctx.served.t);
      ctx.alice = await adminAgent(ctx.served.t, ctx.superAdmin, ALICE);
    } catch (error) {
      console.error("\nThe browser tests could not start:", error);
      throw error;
    }
  });

  e2e.after(async (ctx) => {
    for (const context of ctx.contexts ?? []) await context.close();
    await ctx.browser?.close();
    await ctx.served?.stop();
  });

  e2e("an administrator without démarche sees how to start", async (ctx) => {
    const page = ctx.page = await newPage(ctx);
    await signIn(page, ALICE, "/admin");
    await heading(page, "Mes démarches");
    await page.getByText("Vous n’avez pas encore de démarche").waitFor();
    await checkPage(page, "admin_vide");
  });

  e2e("creating a démarche leads to its page, with what publication still needs", async (ctx) => {
    const page = ctx.page;
    await page.getByRole("link", { name: "Créer une démarche" }).click();
    await heading(page, "Créer une démarche");
    await page.getByRole("button", { name: "Créer la démarche" }).click();
    assert.match(await page.getByRole("alert").innerText(), /titre/);
    await checkPage(page, "admin_demarche_nouvelle_erreur");
    await page.getByLabel("Titre de la démarche").fill(TITRE);
    await page.getByRole("button", { name: "Créer la démarche" }).click();
    await heading(page, TITRE);
    ctx.demarcheId = Number(/demarches\/(\d+)/.exec(page.url())![1]);
    await page.getByText("La démarche est créée, en test").waitFor();
    const checklist = page.getByRole("region", { name: "Avant de publier" });
    await checklist.getByText("Il reste 5 points à régler").waitFor();
    assert.ok(await checklist.getByRole("link", { name: "Ajouter des instructeurs" }).isVisible());
    assert.ok(await page.getByText("/commencer/test/titre-de-navigation").isVisible());
    await checkPage(page, "admin_demarche_creee");
  });

  e2e("the settings page shows a field's error, then saves", async (ctx) => {
    // The form editor is built separately: the draft form is seeded through the API.
    const saved = await ctx.alice.trpc.admin.demarches.saveForm.mutate({
      id: ctx.demarcheId,
      form: FORM,
    });
    assert.equal(saved.issues, []);
    const page = ctx.page;
    await page.getByRole("link", { name: "Compléter les paramètres" }).click();
    await heading(page, "Paramètres");
    await page.getByLabel("Nom du service").fill("Service nautique");
    await page.getByLabel("Organisme", { exact: true }).fill("Mairie de Brest");
    await page.getByLabel("Adresse e-mail de contact").fill("pas-une-adresse");
    await page.getByLabel("Déclarative, dossiers directement en instruction").check();
    await page.getByLabel("Page du site internet où la démarche sera publiée")
      .fill("https://www.brest.fr/demarches");
    await page.getByRole("button", { name: "Enregistrer les paramètres" }).click();
    await page.getByRole("alert").waitFor();
    const email = page.getByLabel("Adresse e-mail de contact");
    assert.is(await email.getAttribute("aria-invalid"), "true");
    await checkPage(page, "admin_parametres_erreur");
    await email.fill("nautique@brest.fr");
    await page.getByRole("button", { name: "Enregistrer les paramètres" }).click();
    await page.getByText("Les paramètres sont enregistrés.").waitFor();
    await checkPage(page, "admin_parametres");
    const d = await ctx.alice.trpc.admin.demarches.get.query({ id: ctx.demarcheId });
    assert.is(d.mode, "declarative_en_instruction");
    assert.is(d.service?.email, "nautique@brest.fr");
  });

  e2e("an instructeur is invited, a second groupe gets a routing rule", async (ctx) => {
    const page = ctx.page;
    await page.goto(`/admin/demarches/${ctx.demarcheId}/instructeurs`);
    await heading(page, "Instructeurs");
    const defaut = page.getByRole("listitem").filter({
      has: page.getByRole("heading", { name: "Groupe par défaut" }),
    });
    await defaut.getByLabel("Ajouter un instructeur").fill(INSTRUCTEUR);
    await defaut.getByRole("button", { name: "Inviter" }).click();
    await page.getByText("une invitation lui est envoyée par e-mail").waitFor();
    await defaut.getByText("Invitation en attente").waitFor();
    await ctx.served.t.mail(INSTRUCTEUR, "Vous êtes instructeur");

    await page.getByLabel("Nom du groupe").fill("Manche");
    await page.getByRole("button", { name: "Ajouter le groupe" }).click();
    await page.getByText("Le groupe « Manche » est créé").waitFor();
    const manche = page.getByRole("listitem").filter({
      has: page.getByRole("heading", { name: "Manche" }),
    });
    await manche.getByText("Aucune règle").waitFor();
    await manche.getByLabel("Les dossiers dont", { exact: true }).selectOption({
      label: "Zone de navigation",
    });
    await manche.getByLabel("Condition").selectOption({ label: "est" });
    await manche.getByLabel("Valeur").selectOption("Manche");
    await manche.getByRole("button", { name: "Enregistrer la règle" }).click();
    await manche.getByText("Les dossiers dont « Zone de navigation » est « Manche »").waitFor();
    await checkPage(page, "admin_instructeurs");
    const groupes = await ctx.alice.trpc.admin.demarches.groupes.list.query({
      demarcheId: ctx.demarcheId,
    });
    assert.equal(groupes[0].rule, { op: "eq", champ: "zone", value: "Manche" });
  });

  e2e("a fonctionnalité is switched on and its generated settings form validates", async (ctx) => {
    const page = ctx.page;
    await page.goto(`/admin/demarches/${ctx.demarcheId}/fonctionnalites`);
    await heading(page, "Fonctionnalités");
    const card = page.getByRole("listitem").filter({
      has: page.getByRole("heading", { name: "Rappels aux usagers" }),
    });
    const toggle = card.getByRole("switch");
    assert.is(await toggle.isChecked(), false);
    await toggle.check();
    await page.getByText("« Rappels aux usagers » est activée.").waitFor();
    const delai = card.getByLabel("Délai avant relance, en jours");
    assert.is(await delai.inputValue(), "7");
    await delai.fill("120");
    await card.getByLabel("Canal").selectOption("sms");
    await card.getByLabel("Envoyer une copie au service").check();
    await card.getByRole("button", { name: "Enregistrer les réglages" }).click();
    await card.getByText("ne peut pas dépasser 90 jours").first().waitFor();
    assert.is(await delai.getAttribute("aria-invalid"), "true");
    await checkPage(page, "admin_fonctionnalites_erreur");
    await delai.fill("14");
    await card.getByRole("button", { name: "Enregistrer les réglages" }).click();
    await page.getByText("Les réglages de « Rappels aux usagers » sont enregistrés.").waitFor();
    await checkPage(page, "admin_fonctionnalites");
    const list = await ctx.alice.trpc.admin.demarches.fonctionnalites.query({
      id: ctx.demarcheId,
    });
    const rappels = list.find((f) => f.id === "rappels")!;
    assert.ok(rappels.enabled);
    assert.equal(rappels.settings, { delai: 14, signature: "", canal: "sms", copie: true });
  });

  e2e("with nothing missing, the démarche is published at the chosen address", async (ctx) => {
    const page = ctx.page;
    await page.goto(`/admin/demarches/${ctx.demarcheId}`);
    await heading(page, TITRE);
    await page.getByText("Tout est prêt : la démarche peut être publiée.").waitFor();
    await checkPage(page, "admin_demarche_prete");
    await page.getByRole("link", { name: "Publier…" }).click();
    await heading(page, "Publication");
    const path = page.getByLabel("Adresse de la démarche");
    assert.is(await path.inputValue(), "titre-de-navigation");
    await path.fill("Navigation Brest");
    await page.getByRole("button", { name: "Publier", exact: true }).click();
    // The server's answer marks the field: wait for it rather than read it at once.
    await path.and(page.locator('[aria-invalid="true"]')).waitFor();
    assert.is(await path.getAttribute("aria-invalid"), "true");
    await checkPage(page, "admin_publication_erreur");
    await path.fill("navigation-brest");
    await page.getByRole("button", { name: "Publier", exact: true }).click();
    await page.getByText("La démarche est publiée.").waitFor();
    assert.ok(await page.getByRole("link", { name: /\/commencer\/navigation-brest$/ }).isVisible());
    await checkPage(page, "admin_publication");
    await page.getByRole("link", { name: TITRE }).click();
    await heading(page, TITRE);
    await page.getByText("Publiée", { exact: true }).waitFor();
    assert.ok(await page.getByText("/commencer/navigation-brest").isVisible());
    await checkPage(page, "admin_demarche_publiee");
    await page.getByRole("link", { name: "Mes démarches" }).first().click();
    await heading(page, "Mes démarches");
    await page.getByRole("region", { name: /Publiées/ }).getByRole("link", { name: TITRE })
      .waitFor();
    await checkPage(page, "admin_mes_demarches");
  });

  e2e("changes to the published form are listed before publishing them", async (ctx) => {
    const champs = [
      { ...FORM.champs[0], label: "Nom du navire" },
      ...FORM.champs.slice(1),
      { stableId: "port", type: "text", label: "Port d’attache" },
    ];
    await ctx.alice.trpc.admin.demarches.saveForm.mutate({
      id: ctx.demarcheId,
      form: { ...FORM, champs },
    });
    const page = ctx.page;
    await page.goto(`/admin/demarches/${ctx.demarcheId}/publication`);
    await heading(page, "Publication");
    const changes = page.getByRole("region", { name: /Modifications depuis la version 1/ });
    await changes.getByText("« Nom du navire » : libellé").waitFor();
    await changes.getByText("« Port d’attache »").waitFor();
    await checkPage(page, "admin_publication_modifications");
    await page.getByRole("button", { name: "Publier la nouvelle version" }).click();
    await page.getByText("La démarche est publiée.").waitFor();
  });

  e2e("the list and the démarche page fit a phone screen", async (ctx) => {
    const page = await newPage(ctx, { width: 375, height: 740 });
    await signIn(page, ALICE, "/admin");
    await heading(page, "Mes démarches");
    await fitsWidth(page, 375, "/admin");
    await checkPage(page, "admin_telephone");
    await page.goto(`/admin/demarches/${ctx.demarcheId}`);
    await heading(page, TITRE);
    await fitsWidth(page, 375, "the démarche page");
    await checkPage(page, "admin_demarche_telephone");
    await page.goto(`/admin/demarches/${ctx.demarcheId}/instructeurs`);
    await heading(page, "Instructeurs");
    await fitsWidth(page, 375, "the instructeurs page");
  });

  e2e("a second administrator finds it in the catalogue and clones it", async (ctx) => {
    const { t } = ctx.served;
    await adminAgent(t, ctx.superAdmin, BOB);
    await t.deps.db.updateTable("demarches").set({ deposited_dossiers_count: 30 })
      .where("id", "=", ctx.demarcheId).execute();
    const page = await newPage(ctx);
    await signIn(page, BOB, "/admin");
    await page.getByRole("link", { name: "Partir d’une démarche existante" }).click();
    await heading(page, "Catalogue des démarches");
    await page.getByLabel("Rechercher une démarche").fill("Brest");
    await page.getByRole("button", { name: "Rechercher" }).click();
    await page.getByText("1 démarche pour « Brest »").waitFor();
    await page.getByText("30 dossiers déposés").waitFor();
    await checkPage(page, "admin_catalogue");
    await page.getByRole("link", { name: TITRE }).click();
    await heading(page, TITRE);
    await page.getByText("Zone de navigation").waitFor();
    assert.ok(await page.getByText("nautique@brest.fr").isVisible());
    assert.is(await page.getByLabel("Les instructeurs").count(), 0, "not Bob's démarche");
    await checkPage(page, "admin_catalogue_demarche");
    await page.getByRole("button", { name: "Cloner" }).click();
    await heading(page, `${TITRE} (copie)`);
    await page.getByText("La démarche est clonée").waitFor();
    await checkPage(page, "admin_demarche_clonee");
  });
}

e2e.run();
