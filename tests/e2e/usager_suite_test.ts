/**
 * The usager's dossier after its first fill, in a real browser, with the seed's boat: the
 * owner fills the « Propriétaire » section and invites the expert for the « Caractéristiques
 * techniques » only; the expert sets a password from the e-mail, finds the dossier in « Mes
 * dossiers », reads the owner's section read-only and fills the technical one; the owner
 * deposits and writes in the messagerie; the instructeur answers and asks for a correction
 * (through the API); the owner sees it at the top, modifies the dossier, deposits the
 * modifications and the correction reads resolved. Every page visited passes axe.
 */
import { suite } from "../helpers/suite.ts";
import * as assert from "uvu/assert";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { browserPath } from "../helpers/browser_setup.ts";
import { checkPage, heading, launchBrowser, linkIn, newPage } from "../helpers/browser.ts";
import { type ServedInstance, startServedInstance } from "../helpers/served_instance.ts";
import { type Agent, signedUpAgent, superAdminAgent, tokenFrom } from "../helpers/instance.ts";
import { ensureUiBuilt } from "../../core/setup.ts";

const PATH = "titre-de-navigation";
const OWNER = "yann.legall@exemple.fr";
const EXPERT = "expert@chantier-naval.fr";
const PASSWORD = "Un-mot-de-passe-solide-42";

const FORM = {
  champs: [
    { stableId: "s_proprietaire", type: "header_section", label: "Propriétaire" },
    { stableId: "nom", type: "text", label: "Nom et prénom", mandatory: true },
    { stableId: "s_technique", type: "header_section", label: "Caractéristiques techniques" },
    { stableId: "longueur", type: "decimal_number", label: "Longueur (m)", mandatory: true },
    { stableId: "moteur", type: "yes_no", label: "Moteur", mandatory: true },
  ],
  annotations: [],
};

interface Ctx {
  served: ServedInstance;
  browser: Browser;
  contexts: BrowserContext[];
  owner: Page;
  expert: Page;
  dossierId: number;
  instructeur: Agent;
}

const e2e = suite<Ctx>("usager: co-construction, messagerie, correction in the browser");

const saved = (page: Page) => page.getByRole("status").getByText(/^Enregistré à/).waitFor();

if (!browserPath()) {
  e2e.skip("the whole co-construction journey (Chromium is missing)", () => {});
} else {
  e2e.before(async (ctx) => {
    ctx.contexts = [];
    try {
      assert.ok(await ensureUiBuilt(), "the UI must build");
      ctx.served = await startServedInstance();
      ctx.browser = await launchBrowser();
      const t = ctx.served.t;
      const admin = (await superAdminAgent(t)).trpc;
      const { id } = await admin.admin.demarches.create.mutate({ titre: "Titre de navigation" });
      await admin.admin.demarches.updateSettings.mutate({
        id,
        titre: "Titre de navigation",
        mode: "instruction",
        service: { nom: "Service nautique", organisme: "Mairie", email: "nautique@mairie.fr" },
        siteWeb: "https://www.mairie.fr",
      });
      await admin.admin.demarches.saveForm.mutate({ id, form: FORM });
      const [g] = await admin.admin.demarches.groupes.list.query({ demarcheId: id });
      await admin.admin.demarches.groupes.addInstructeur.mutate({
        demarcheId: id,
        groupeId: g.id,
        email: "ines@mairie.fr",
      });
      await admin.admin.demarches.publish.mutate({ id, path: PATH });
      ctx.instructeur = t.agent();
      await ctx.instructeur.trpc.auth.setPassword.mutate({
        token: tokenFrom(await t.mail("ines@mairie.fr", "Vous êtes instructeur")),
        password: "Instruire-Les-Dossiers-2026",
      });
      await signedUpAgent(t, OWNER, PASSWORD);
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

  e2e("the owner fills their section and invites the expert for the technical one", async (ctx) => {
    const page = ctx.owner = await newPage(ctx);
    await page.goto(`/connexion?retour=${encodeURIComponent(`/commencer/${PATH}`)}`);
    await page.getByLabel("Adresse e-mail", { exact: true }).fill(OWNER);
    await page.getByLabel("Mot de passe", { exact: true }).fill(PASSWORD);
    await page.getByRole("button", { name: "Se connecter" }).click();
    await heading(page, "Titre de navigation");
    await page.getByRole("button", { name: "Commencer la démarche" }).click();
    await page.waitForURL(/\/dossiers\/\d+$/);
    ctx.dossierId = Number(new URL(page.url()).pathname.split("/").pop());
    await page.getByLabel("Nom et prénom").fill("Yann Le Gall");
    await saved(page);

    const invite = page.getByRole("region", { name: "Inviter quelqu’un à compléter ce dossier" });
    await invite.getByLabel("Adresse e-mail de la personne").fill(EXPERT);
    await invite.getByLabel("Message (facultatif)").fill(
      "Pouvez-vous remplir les caractéristiques du bateau ?",
    );
    await invite.getByLabel("Seulement certaines sections").check();
    await invite.getByLabel("Caractéristiques techniques").check();
    await invite.getByLabel("visible en lecture seule").waitFor();
    await checkPage(page, "usager2_invitation_formulaire");
    await invite.getByRole("button", { name: "Envoyer l’invitation" }).click();
    await invite.getByText(`Invitation envoyée à ${EXPERT}.`).waitFor();
    const item = invite.getByRole("listitem").filter({ hasText: EXPERT });
    await item.getByText("« Caractéristiques techniques » ; le reste en lecture seule").waitFor();
    await item.getByRole("button", { name: `Retirer l’invitation de ${EXPERT}` }).waitFor();
    await checkPage(page, "usager2_invitation_envoyee");
  });

  e2e(
    "the expert sets a password, reads the owner's part, fills the technical part",
    async (ctx) => {
      const mail = await ctx.served.t.mail(EXPERT, "vous invite");
      assert.match(mail.text, /une partie de son dossier/);
      assert.match(mail.text, /Pouvez-vous remplir/);
      const page = ctx.expert = await newPage(ctx);
      await page.goto(linkIn(mail.text));
      await heading(page, "Bienvenue sur Guichet");
      await page.getByLabel("Mot de passe", { exact: true }).fill("Carene-Inspectee-2026");
      await page.getByLabel("Confirmez le mot de passe").fill("Carene-Inspectee-2026");
      await page.getByRole("button", { name: "Enregistrer et continuer" }).click();
      // Straight to the dossier they were invited to; « Mes dossiers » lists it too.
      await heading(page, `Dossier n° ${ctx.dossierId}`);
      await page.getByRole("link", { name: "Mes dossiers", exact: true }).first().click();
      await heading(page, "Mes dossiers");
      const row = page.getByRole("row").filter({ hasText: "Titre de navigation" });
      await row.getByText("invité à compléter").waitFor();
      await checkPage(page, "usager2_expert_mes_dossiers");
      await row.getByRole("link", { name: `n° ${ctx.dossierId}` }).click();
      await heading(page, `Dossier n° ${ctx.dossierId}`);
      await page.getByText("Vous avez été invité par").waitFor();
      await page.getByText("Yann Le Gall").waitFor();
      assert.is(
        await page.getByLabel("Nom et prénom").count(),
        0,
        "the owner's champ is read-only",
      );
      assert.is(await page.getByRole("button", { name: "Déposer le dossier" }).count(), 0);
      assert.is(await page.getByRole("button", { name: /Supprimer/ }).count(), 0);
      assert.is(await page.getByRole("button", { name: "Envoyer l’invitation" }).count(), 0);
      await page.getByLabel("Longueur (m)").fill("7,45");
      await page.getByRole("group", { name: "Moteur" }).getByLabel("Non").check();
      await saved(page);
      await checkPage(page, "usager2_expert_brouillon");
    },
  );

  e2e("the owner deposits what both filled and writes to the administration", async (ctx) => {
    const page = ctx.owner;
    await page.reload();
    await heading(page, `Dossier n° ${ctx.dossierId}`);
    assert.is(await page.getByLabel("Longueur (m)").inputValue(), "7,45");
    await page.getByRole("button", { name: "Déposer le dossier" }).click();
    await page.getByRole("heading", { name: `Votre dossier n° ${ctx.dossierId} est déposé` })
      .waitFor();
    const messagerie = page.getByRole("region", { name: "Messagerie" });
    await messagerie.getByText("Aucun message pour l’instant").waitFor();
    await messagerie.getByLabel("Votre message").fill(
      "Bonjour, le bateau est visible au port de Dinard.",
    );
    await messagerie.getByRole("button", { name: "Envoyer le message" }).click();
    await messagerie.getByText("Votre message est envoyé").waitFor();
    const mine = messagerie.getByRole("listitem").filter({ hasText: "port de Dinard" });
    await mine.getByText("Vous", { exact: true }).waitFor();
    await checkPage(page, "usager2_messagerie");
  });

  e2e("the instructeur answers and asks for a correction; the owner sees it first", async (ctx) => {
    const id = ctx.dossierId;
    const ines = ctx.instructeur.trpc;
    await ines.messagerie.post.mutate({ dossierId: id, body: "Merci, nous passerons jeudi." });
    await ines.instruction.decide.mutate({ id, event: "passer_en_instruction" });
    await ines.messagerie.requestCorrection.mutate({
      dossierId: id,
      reason: "incorrect",
      body: "La longueur mesurée au port est de 7,60 m : corrigez-la, s’il vous plaît.",
    });
    const page = ctx.owner;
    await page.reload();
    await heading(page, `Dossier n° ${id}`);
    const correction = page.getByRole("region", {
      name: "L’administration vous demande de corriger votre dossier",
    });
    await correction.getByText("Une information est erronée").waitFor();
    await correction.getByText("7,60 m").waitFor();
    const thread = page.getByRole("region", { name: "Messagerie" });
    const answer = thread.getByRole("listitem").filter({ hasText: "nous passerons jeudi" });
    await answer.getByText("Administration", { exact: true }).waitFor();
    await answer.getByText("Nouveau").waitFor();
    await thread.getByText("en attente de vos modifications").waitFor();
    await checkPage(page, "usager2_correction_demandee");
  });

  e2e("the owner modifies the dossier and deposits: the correction is resolved", async (ctx) => {
    const page = ctx.owner;
    await page.getByRole("button", { name: "Modifier le dossier" }).first().click();
    await page.getByText(
      "Vos modifications ne sont visibles par l’administration qu’une fois déposées.",
    ).waitFor();
    await page.getByLabel("Longueur (m)").fill("");
    await saved(page);
    await page.getByRole("button", { name: "Déposer les modifications" }).click();
    const summary = page.getByRole("alert").filter({
      hasText: "avant de déposer les modifications",
    });
    await summary.waitFor();
    await checkPage(page, "usager2_modifications_erreurs");
    const before = await ctx.instructeur.trpc.instruction.dossier.query({ id: ctx.dossierId });
    assert.is(JSON.stringify(before).includes("7.45"), true, "instructeurs read the deposit");
    await page.getByLabel("Longueur (m)").fill("7,60");
    await saved(page);
    await checkPage(page, "usager2_modifications");
    await page.getByRole("button", { name: "Déposer les modifications" }).click();
    const done = page.getByRole("status").filter({ hasText: "Vos modifications sont déposées" });
    await done.getByText("Longueur (m)").waitFor();
    await done.getByText("La demande de correction est résolue.").waitFor();
    // The request leaves once the dossier is read again after the deposit (on PostgreSQL
    // that read can come a moment after the confirmation shows): it must go, not stay.
    await page.getByRole("region", {
      name: "L’administration vous demande de corriger votre dossier",
    }).waitFor({ state: "detached" });
    await page.getByRole("region", { name: "Messagerie" }).getByText("résolue", { exact: true })
      .waitFor();
    await page.getByText("Modifications déposées", { exact: true }).waitFor();
    await checkPage(page, "usager2_modifications_deposees");
  });

  e2e(
    "once the instructeur passes it en instruction, the owner can no longer edit",
    async (ctx) => {
      await ctx.instructeur.trpc.instruction.decide.mutate({
        id: ctx.dossierId,
        event: "passer_en_instruction",
      });
      const page = ctx.owner;
      await page.reload();
      await heading(page, `Dossier n° ${ctx.dossierId}`);
      await page.getByText("vous ne pouvez plus le modifier", { exact: false }).first().waitFor();
      assert.is(await page.getByRole("button", { name: "Modifier le dossier" }).count(), 0);
      // The messagerie stays open while the dossier is en instruction.
      await page.getByRole("region", { name: "Messagerie" }).getByRole("button").first().waitFor();
    },
  );

  e2e("on a phone, the expert reads the deposited dossier and the messagerie", async (ctx) => {
    const page = ctx.expert;
    await page.setViewportSize({ width: 375, height: 740 });
    await page.goto(`/dossiers/${ctx.dossierId}`);
    await heading(page, `Dossier n° ${ctx.dossierId}`);
    await page.getByText("7,6").first().waitFor();
    await page.getByRole("region", { name: "Messagerie" }).getByText("port de Dinard").waitFor();
    await checkPage(page, "usager2_telephone_expert");
    await ctx.owner.setViewportSize({ width: 375, height: 740 });
    await checkPage(ctx.owner, "usager2_telephone_proprietaire");
  });
}

e2e.run();
