/**
 * The usagers' e-mails in a real browser: an administrator rewrites « Acceptation » with
 * tags inserted at the cursor and sees the preview, an unknown tag is refused beside its
 * field, the usager of an accepted dossier receives the administrator's text with the tags
 * replaced, then Guichet's text comes back. Every page visited passes axe, on a phone too.
 */
import { suite } from "../helpers/suite.ts";
import * as assert from "uvu/assert";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { browserPath } from "../helpers/browser_setup.ts";
import { checkPage, heading, launchBrowser, newPage } from "../helpers/browser.ts";
import { type ServedInstance, startServedInstance } from "../helpers/served_instance.ts";
import { type Agent, signedUpAgent, superAdminAgent } from "../helpers/instance.ts";
import { adminAgent, invitedAgent } from "../helpers/people.ts";
import { ensureUiBuilt } from "../../core/setup.ts";

const PASSWORD = "Administrer-La-Commune-2026";
const ADMIN = "alice@mairie-brest.fr";
const INSTRUCTEUR = "ines@mairie-brest.fr";
const USAGER = "proprietaire@exemple.fr";
const TITRE = "Titre de navigation";
const PAGE_TITLE = "E-mails envoyés aux usagers";
const DEFAULT_SUBJECT = "Votre dossier n° --numéro du dossier-- est accepté";

const FORM = {
  champs: [
    { stableId: "nom", type: "text", label: "Nom du bateau", mandatory: true },
    {
      stableId: "zone",
      type: "drop_down_list",
      label: "Zone de navigation",
      options: { choices: ["Atlantique", "Manche"] },
    },
  ],
  annotations: [],
};

interface Ctx {
  served: ServedInstance;
  browser: Browser;
  contexts: BrowserContext[];
  admin: Agent;
  page: Page;
  demarcheId: number;
}

const e2e = suite<Ctx>("the usagers' e-mails in the browser");

async function signIn(page: Page, email: string, goTo: string) {
  await page.goto(`/connexion?retour=${encodeURIComponent(goTo)}`);
  await page.getByLabel("Adresse e-mail").fill(email);
  await page.getByLabel("Mot de passe").fill(PASSWORD);
  await page.getByRole("button", { name: "Se connecter" }).click();
  await page.waitForURL(`**${goTo}`);
}

/** The card of the e-mail named `label`. */
const card = (page: Page, label: string): Locator =>
  page.getByRole("listitem").filter({ has: page.getByRole("heading", { level: 2, name: label }) });

if (!browserPath()) {
  e2e.skip("the whole e-mail journey (Chromium is missing)", () => {});
} else {
  e2e.before(async (ctx) => {
    ctx.contexts = [];
    try {
      assert.ok(await ensureUiBuilt(), "the UI must build");
      ctx.served = await startServedInstance();
      ctx.browser = await launchBrowser();
      const t = ctx.served.t;
      ctx.admin = await adminAgent(t, await superAdminAgent(t), ADMIN);
      const admin = ctx.admin.trpc.admin.demarches;
      const { id } = await admin.create.mutate({ titre: TITRE });
      ctx.demarcheId = id;
      await admin.updateSettings.mutate({
        id,
        titre: TITRE,
        service: { nom: "Service nautique", organisme: "Mairie", email: "nautique@mairie.fr" },
        siteWeb: "https://www.mairie.fr",
      });
      await admin.saveForm.mutate({ id, form: FORM });
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

  e2e("the démarche's page leads to its six e-mails", async (ctx) => {
    const page = ctx.page = await newPage(ctx);
    await signIn(page, ADMIN, `/admin/demarches/${ctx.demarcheId}`);
    await heading(page, TITRE);
    await page.getByRole("link", { name: "E-mails", exact: true }).click();
    await heading(page, PAGE_TITLE);
    // The heading shows before the templates arrive: wait for a card, then count.
    await card(page, "Acceptation").getByText("Quand le dossier est accepté.").waitFor();
    const list = page.getByRole("list", { name: "E-mails" });
    assert.is(await list.getByRole("heading", { level: 2 }).count(), 6);
    assert.is(await page.getByText("Personnalisé", { exact: true }).count(), 0);
    await checkPage(page, "admin_emails");
  });

  e2e(
    "« Acceptation » is rewritten with tags inserted at the cursor, previewed, saved",
    async (ctx) => {
      const page = ctx.page;
      const acceptation = card(page, "Acceptation");
      await acceptation.getByRole("button", { name: "Modifier l’e-mail « Acceptation »" }).click();
      const subject = acceptation.getByRole("textbox", { name: "Objet" });
      const body = acceptation.getByRole("textbox", { name: "Texte" });
      assert.ok(await subject.evaluate((el) => el === document.activeElement), "Objet has focus");
      assert.is(await subject.inputValue(), DEFAULT_SUBJECT);
      await acceptation.getByText("Une ligne dont une balise est vide n’est pas envoyée").waitFor();

      await subject.fill("Bon vent : ");
      await acceptation.getByRole("button", { name: "Insérer --Nom du bateau--" }).click();
      assert.is(await subject.inputValue(), "Bon vent : --Nom du bateau--");

      await body.fill("Bonjour,\n\nLe bateau  peut naviguer.\n\nMotif : ");
      const afterBateau = "Bonjour,\n\nLe bateau ".length;
      await body.evaluate(
        (el: HTMLTextAreaElement, at) => el.setSelectionRange(at, at),
        afterBateau,
      );
      await acceptation.getByRole("button", { name: "Insérer --Nom du bateau--" }).click();
      await body.press("Control+End");
      // By keyboard: the button is reached and pressed without the mouse.
      await acceptation.getByRole("button", { name: "Insérer --motivation--" }).focus();
      await page.keyboard.press("Enter");
      assert.is(
        await body.inputValue(),
        "Bonjour,\n\nLe bateau --Nom du bateau-- peut naviguer.\n\nMotif : --motivation--",
      );

      const preview = acceptation.getByRole("region", { name: "Aperçu" });
      await preview.getByText("Bon vent : (réponse à « Nom du bateau »)").waitFor();
      await preview.getByText("Le bateau (réponse à « Nom du bateau ») peut naviguer.").waitFor();
      const text = await preview.locator(".mail-preview__text").innerText();
      assert.match(text, "Motif : (le motif écrit par l’instructeur)");
      assert.match(text, `Suivre votre dossier : ${ctx.served.baseUrl}/dossiers/1234`);
      await checkPage(page, "admin_emails_edition");

      await acceptation.getByRole("button", { name: "Enregistrer" }).click();
      await acceptation.getByRole("status").getByText("L’e-mail « Acceptation » est enregistré")
        .waitFor();
      await acceptation.getByText("Personnalisé", { exact: true }).waitFor();
      await acceptation.getByText("Bon vent : --Nom du bateau--").waitFor();
      const focused = await page.evaluate(() => document.activeElement?.textContent);
      assert.match(focused ?? "", /^Modifier/, "focus goes back to « Modifier »");
      await checkPage(page, "admin_emails_enregistre");
    },
  );

  e2e("an unknown tag is refused in French beside its field", async (ctx) => {
    const page = ctx.page;
    const acceptation = card(page, "Acceptation");
    await acceptation.getByRole("button", { name: /^Modifier/ }).click();
    const body = acceptation.getByRole("textbox", { name: "Texte" });
    await body.press("Control+End");
    await body.pressSequentially("\n\nÀ bientôt --inconnu--");
    await acceptation.getByRole("button", { name: "Enregistrer" }).click();
    await acceptation.getByRole("alert").waitFor();
    assert.is(await body.getAttribute("aria-invalid"), "true");
    const error = acceptation.locator(".field-error");
    assert.match(await error.innerText(), "Cette balise n’existe pas : --inconnu--.");
    assert.is(
      await body.evaluate((el) => el.getAttribute("aria-describedby")?.includes(el.id + "-erreur")),
      true,
      "the error is tied to « Texte »",
    );
    assert.is(
      await acceptation.getByRole("textbox", { name: "Objet" }).getAttribute("aria-invalid"),
      null,
    );
    await checkPage(page, "admin_emails_erreur");
    await acceptation.getByRole("button", { name: "Annuler" }).click();
    const { mails } = await ctx.admin.trpc.admin.demarches.mails.get.query({ id: ctx.demarcheId });
    const saved = mails.find((m) => m.kind === "accepte")!;
    assert.ok(saved.custom);
    assert.not.match(saved.body, "--inconnu--");
  });

  e2e("the usager of an accepted dossier receives the administrator's text", async (ctx) => {
    const t = ctx.served.t;
    const admin = ctx.admin.trpc.admin.demarches;
    const [defaut] = await admin.groupes.list.query({ demarcheId: ctx.demarcheId });
    await admin.groupes.addInstructeur.mutate({
      demarcheId: ctx.demarcheId,
      groupeId: defaut.id,
      email: INSTRUCTEUR,
    });
    await admin.publish.mutate({ id: ctx.demarcheId, path: "titre-navigation" });
    const instructeur = await invitedAgent(t, INSTRUCTEUR);
    const usager = await signedUpAgent(t, USAGER);
    const { id } = await usager.trpc.usager.start.mutate({ path: "titre-navigation" });
    await usager.trpc.usager.save.mutate({ id, values: { nom: "L’Albatros", zone: "Manche" } });
    await usager.trpc.usager.deposer.mutate({ id });
    await instructeur.trpc.instruction.decide.mutate({ id, event: "passer_en_instruction" });
    await instructeur.trpc.instruction.decide.mutate({
      id,
      event: "accepter",
      motivation: "Équipement de sécurité complet",
    });
    const mail = await t.mail(USAGER, "Bon vent");
    assert.is(mail.subject, "Bon vent : L’Albatros");
    assert.match(
      mail.text,
      "Bonjour,\n\nLe bateau L’Albatros peut naviguer.\n\nMotif : Équipement de sécurité complet",
    );
    assert.match(mail.text, `Suivre votre dossier : ${ctx.served.baseUrl}/dossiers/${id}`);
    assert.not.match(mail.text, /--/);
  });

  e2e("« Rétablir le texte de Guichet » brings back the default", async (ctx) => {
    const page = ctx.page;
    const acceptation = card(page, "Acceptation");
    await acceptation.getByRole("button", { name: /^Modifier/ }).click();
    await acceptation.getByRole("button", { name: "Rétablir le texte de Guichet" }).click();
    await acceptation.getByRole("status")
      .getByText("L’e-mail « Acceptation » reprend le texte de Guichet.").waitFor();
    assert.is(await acceptation.getByText("Personnalisé", { exact: true }).count(), 0);
    await acceptation.getByText(DEFAULT_SUBJECT).waitFor();
    await checkPage(page, "admin_emails_retabli");
    const { mails } = await ctx.admin.trpc.admin.demarches.mails.get.query({ id: ctx.demarcheId });
    const accepte = mails.find((m) => m.kind === "accepte")!;
    assert.not.ok(accepte.custom);
    assert.is(accepte.subject, DEFAULT_SUBJECT);
    assert.is(accepte.body, accepte.defaultBody);
  });

  e2e("the page and its editor fit a phone screen", async (ctx) => {
    const page = await newPage(ctx, { width: 375, height: 740 });
    await signIn(page, ADMIN, `/admin/demarches/${ctx.demarcheId}/emails`);
    await heading(page, PAGE_TITLE);
    const refus = card(page, "Refus");
    await refus.getByRole("button", { name: /^Modifier/ }).click();
    await refus.getByRole("region", { name: "Aperçu" }).getByText("Motif :").waitFor();
    const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(scroll <= 375, `the e-mails page is ${scroll}px wide on a 375px screen`);
    await checkPage(page, "admin_emails_telephone");
  });
}

e2e.run();
