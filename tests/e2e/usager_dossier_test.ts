/**
 * The usager's journey in a real browser: a published démarche's page, « Commencer » that
 * goes through signing in and comes back, a brouillon filled with autosave (surviving a
 * reload and a lost connection), a conditional champ, a repetition row, a ZIP renamed
 * « .pdf » refused on receipt, a PDF uploaded, a deposit refused with every problem in a
 * summary, then accepted, the e-mail, « Mes dossiers » and the dossier read-only « en
 * construction »; a prefilled link on a phone.
 * Every page visited passes axe (WCAG 2.1 AA).
 */
import { Buffer } from "node:buffer";
import { zipSync } from "fflate";
import { suite } from "../helpers/suite.ts";
import * as assert from "uvu/assert";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { browserPath } from "../helpers/browser_setup.ts";
import { checkPage, heading, launchBrowser, newPage } from "../helpers/browser.ts";
import { type ServedInstance, startServedInstance } from "../helpers/served_instance.ts";
import { type Agent, signedUpAgent, superAdminAgent } from "../helpers/instance.ts";
import { ensureUiBuilt } from "../../core/setup.ts";

const PATH = "titre-de-navigation";
const EMAIL = "camille.usager@exemple.fr";
const PASSWORD = "Un-mot-de-passe-solide-42";

const FORM = {
  champs: [
    { stableId: "s_bateau", type: "header_section", label: "Le bateau" },
    { stableId: "nom_bateau", type: "text", label: "Nom du bateau", mandatory: true },
    { stableId: "port", type: "text", label: "Port d’attache", mandatory: true },
    { stableId: "moteur", type: "yes_no", label: "Le bateau a-t-il un moteur ?", mandatory: true },
    {
      stableId: "puissance",
      type: "integer_number",
      label: "Puissance du moteur (kW)",
      mandatory: true,
      condition: { op: "eq", champ: "moteur", value: true },
    },
    { stableId: "s_pieces", type: "header_section", label: "Pièces et propriétaires" },
    {
      stableId: "permis",
      type: "piece_justificative",
      label: "Permis de navigation",
      description: "Le permis du pilote, scanné.",
      mandatory: true,
      options: { families: ["document_texte"], maxSizeMb: 5 },
    },
    {
      stableId: "proprietaires",
      type: "repetition",
      label: "Propriétaires précédents",
      children: [{ stableId: "pp_nom", type: "text", label: "Nom", mandatory: true }],
    },
    { stableId: "remarques", type: "textarea", label: "Remarques" },
  ],
  annotations: [],
};

const PDF = new TextEncoder().encode(
  "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n",
);

interface Ctx {
  served: ServedInstance;
  browser: Browser;
  contexts: BrowserContext[];
  page: Page;
  dossierId: number;
  usager: Agent;
}

const e2e = suite<Ctx>("usager dossier in the browser");

const saved = (page: Page) => page.getByRole("status").getByText(/^Enregistré à/).waitFor();

if (!browserPath()) {
  e2e.skip("the whole usager journey (Chromium is missing)", () => {});
} else {
  e2e.before(async (ctx) => {
    ctx.contexts = [];
    try {
      assert.ok(await ensureUiBuilt(), "the UI must build");
      ctx.served = await startServedInstance();
      ctx.browser = await launchBrowser();
      const admin = (await superAdminAgent(ctx.served.t)).trpc;
      const { id } = await admin.admin.demarches.create.mutate({ titre: "Titre de navigation" });
      await admin.admin.demarches.updateSettings.mutate({
        id,
        titre: "Titre de navigation",
        description:
          "Demandez le **titre de navigation** de votre bateau de plaisance.\n\n- le nom du bateau\n- le permis du pilote",
        mode: "instruction",
        service: {
          nom: "Service nautique",
          organisme: "Mairie de Saint-Malo",
          email: "nautique@saint-malo.fr",
          telephone: "02 99 00 00 00",
          adresse: "Place Chateaubriand\n35400 Saint-Malo",
          horaires: "Du lundi au vendredi, de 9 h à 17 h",
        },
        siteWeb: "https://www.saint-malo.fr",
        decisionImplicite: { decision: "sva", period: 2, unit: "mois", resume: "reset" },
      });
      await admin.admin.demarches.saveForm.mutate({ id, form: FORM });
      const [defaut] = await admin.admin.demarches.groupes.list.query({ demarcheId: id });
      await admin.admin.demarches.groupes.addInstructeur.mutate({
        demarcheId: id,
        groupeId: defaut.id,
        email: "instructeur@saint-malo.fr",
      });
      await admin.admin.demarches.publish.mutate({ id, path: PATH });
      ctx.usager = await signedUpAgent(ctx.served.t, EMAIL, PASSWORD);
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

  e2e("the démarche's page sends a signed-out person to sign in, then back", async (ctx) => {
    const page = ctx.page = await newPage(ctx);
    await page.goto(`/commencer/${PATH}`);
    await heading(page, "Titre de navigation");
    await page.getByText("environ 5 minutes").waitFor();
    await page.getByRole("link", { name: "nautique@saint-malo.fr" }).waitFor();
    await page.getByText("Du lundi au vendredi, de 9 h à 17 h").waitFor();
    await page.getByText("Sans réponse dans un délai de 2 mois, la demande est acceptée.")
      .waitFor();
    await checkPage(page, "usager_commencer");
    await page.getByRole("button", { name: "Commencer la démarche" }).click();
    await page.waitForURL("**/connexion?retour=*");
    await page.getByLabel("Adresse e-mail", { exact: true }).fill(EMAIL);
    await page.getByLabel("Mot de passe", { exact: true }).fill(PASSWORD);
    await page.getByRole("button", { name: "Se connecter" }).click();
    await page.waitForURL(/\/dossiers\/\d+$/);
    ctx.dossierId = Number(new URL(page.url()).pathname.split("/").pop());
    await heading(page, `Dossier n° ${ctx.dossierId}`);
  });

  e2e("the brouillon is filled and saved as the person types", async (ctx) => {
    const { page } = ctx;
    await page.getByLabel("Nom du bateau").fill("L’Albatros");
    await saved(page);
    const puissance = page.getByLabel("Puissance du moteur (kW)");
    assert.is(await puissance.count(), 0, "the conditional champ waits for « Oui »");
    await page.getByRole("group", { name: "Le bateau a-t-il un moteur ?" }).getByLabel("Oui")
      .check();
    await puissance.fill("12");
    await page.getByRole("button", { name: "Ajouter une ligne à « Propriétaires précédents »" })
      .click();
    await page.getByRole("group", { name: "Propriétaires précédents, ligne 1" }).getByLabel("Nom")
      .fill("Yann Le Goff");
    await page.getByText("Formats acceptés : documents texte").waitFor();
    // The upload names its champ: a ZIP renamed « .pdf » is refused on receipt, in French.
    await page.getByLabel("Permis de navigation").setInputFiles({
      name: "permis.pdf",
      mimeType: "application/pdf",
      buffer: Buffer.from(zipSync({ "permis.exe": new Uint8Array([0x4d, 0x5a]) })),
    });
    await page.getByText(
      "« permis.pdf » n’a pas pu être joint : Le contenu de ce fichier (application/zip) n’est pas accepté pour le champ « Permis de navigation »",
      { exact: false },
    ).waitFor();
    assert.is(await page.getByRole("link", { name: "permis.pdf" }).count(), 0);
    await page.getByLabel("Permis de navigation").setInputFiles({
      name: "permis.pdf",
      mimeType: "application/pdf",
      buffer: Buffer.from(PDF),
    });
    await page.getByRole("link", { name: "permis.pdf" }).waitFor();
    await saved(page);
    await page.getByRole("navigation", { name: "Sommaire du formulaire" })
      .getByRole("link", { name: "Pièces et propriétaires" }).waitFor();
    await checkPage(page, "usager_brouillon");

    // Nothing typed is lost: a reload shows it again, and a lost connection waits for return.
    await page.reload();
    await heading(page, `Dossier n° ${ctx.dossierId}`);
    assert.is(await page.getByLabel("Nom du bateau").inputValue(), "L’Albatros");
    assert.is(await page.getByLabel("Puissance du moteur (kW)").inputValue(), "12");
    await page.context().setOffline(true);
    await page.getByLabel("Remarques (facultatif)").fill("Bateau rangé l’hiver à Dinard.");
    await page.getByText("Hors ligne : vos saisies seront enregistrées").waitFor();
    await page.context().setOffline(false);
    await saved(page);
    const stored = await ctx.usager.trpc.usager.dossier.query({ id: ctx.dossierId });
    assert.match(String(stored.values.remarques), /Dinard/);
  });

  e2e("a deposit with a missing champ lists it in a summary, then succeeds", async (ctx) => {
    const { page } = ctx;
    await page.getByRole("button", { name: "Déposer le dossier" }).click();
    const summary = page.getByRole("alert").filter({ hasText: "avant de déposer le dossier" });
    await summary.waitFor();
    await summary.getByRole("link", { name: "Le champ « Port d’attache » est obligatoire." })
      .waitFor();
    assert.ok(await summary.evaluate((el) => el === document.activeElement), "summary focused");
    await checkPage(page, "usager_depot_erreurs");
    await summary.getByRole("link", { name: /Port d’attache/ }).click();
    assert.ok(
      await page.getByLabel("Port d’attache").evaluate((el) => el === document.activeElement),
      "the link moves focus to the champ",
    );
    await page.getByLabel("Port d’attache").fill("Saint-Malo");
    await page.getByRole("button", { name: "Déposer le dossier" }).click();
    await page.getByRole("heading", { name: `Votre dossier n° ${ctx.dossierId} est déposé` })
      .waitFor();
    await page.getByText("(étape actuelle)").waitFor();
    await checkPage(page, "usager_depose");
    const mail = await ctx.served.t.mail(EMAIL, "est déposé");
    assert.match(mail.text, new RegExp(`/dossiers/${ctx.dossierId}`));
  });

  e2e("« Mes dossiers » lists it; it reads « en construction », read-only", async (ctx) => {
    const { page } = ctx;
    await page.getByRole("link", { name: "Mes dossiers", exact: true }).first().click();
    await heading(page, "Mes dossiers");
    const row = page.getByRole("row").filter({ hasText: "Titre de navigation" });
    await row.getByText("En construction").waitFor();
    await page.getByLabel("Filtrer les dossiers").fill("brouillon");
    await page.getByText("Aucun dossier ne correspond").waitFor();
    await page.getByLabel("Filtrer les dossiers").fill("navigation");
    await checkPage(page, "usager_mes_dossiers");
    await row.getByRole("link", { name: `n° ${ctx.dossierId}` }).click();
    await heading(page, `Dossier n° ${ctx.dossierId}`);
    const current = page.locator('[aria-current="step"]');
    assert.match(await current.innerText(), /En construction/);
    assert.is(await page.getByRole("button", { name: "Déposer le dossier" }).count(), 0);
    await page.getByText("L’Albatros").waitFor();
    await page.getByRole("link", { name: "permis.pdf" }).waitFor();
    await page.getByText("Yann Le Goff").waitFor();
    await page.getByText("Dossier déposé", { exact: true }).waitFor();
    // Silence vaut accord: the date the request is accepted without an answer.
    assert.match(
      await page.locator(".implicit-decision").innerText(),
      /Sans réponse de l’administration d’ici le \d+ \S+ \d{4}, votre demande sera acceptée \(silence vaut accord\)\./,
    );
    await checkPage(page, "usager_dossier_en_construction");
  });

  e2e("on a phone, a prefilled link starts a brouillon and says what it ignored", async (ctx) => {
    const page = ctx.page;
    await page.setViewportSize({ width: 375, height: 740 });
    await page.goto(`/commencer/${PATH}?champ_nom_bateau=Le%20Cormoran&champ_moteur=oui&champ_x=1`);
    await heading(page, "Titre de navigation");
    // The dossier deposited earlier is offered first; another one can still be started.
    const mine = page.getByRole("region", { name: "Vos dossiers sur cette démarche" });
    await mine.getByRole("link", { name: `Dossier n° ${ctx.dossierId}` }).waitFor();
    assert.match(await mine.innerText(), /en construction/);
    await checkPage(page, "usager_telephone_commencer");
    await page.getByRole("button", { name: "Commencer un nouveau dossier" }).click();
    await page.waitForURL(/\/dossiers\/\d+$/);
    await page.getByText("(x) : cette valeur a été ignorée").waitFor();
    assert.is(await page.getByLabel("Nom du bateau").inputValue(), "Le Cormoran");
    assert.ok(
      await page.getByRole("group", { name: "Le bateau a-t-il un moteur ?" }).getByLabel("Oui")
        .isChecked(),
    );
    await checkPage(page, "usager_telephone_brouillon");
    await page.goto(`/dossiers/${ctx.dossierId}`);
    await heading(page, `Dossier n° ${ctx.dossierId}`);
    await checkPage(page, "usager_telephone_dossier");
  });

  e2e("near the end of its conservation, the usager keeps the dossier", async (ctx) => {
    const page = ctx.page;
    // Deposited 12 months (the démarche's conservation) less 10 days ago: 10 days to go.
    const deposited = new Date();
    deposited.setUTCMonth(deposited.getUTCMonth() - 12);
    deposited.setUTCDate(deposited.getUTCDate() + 10);
    await ctx.served.t.deps.db.updateTable("dossiers")
      .set({ deposited_at: deposited.toISOString() }).where("id", "=", ctx.dossierId).execute();
    await page.reload();
    const notice = page.getByRole("note").filter({ hasText: "Votre dossier sera supprimé le" });
    await notice.waitFor();
    await checkPage(page, "usager_telephone_conservation");
    await notice.getByRole("button", { name: "Conserver le dossier" }).click();
    await page.getByRole("status").filter({ hasText: "Le dossier est conservé" }).waitFor();
    assert.is(await notice.count(), 0, "the notice gives way to the confirmation");
  });
}

e2e.run();
