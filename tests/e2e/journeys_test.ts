/**
 * Every person lands where they meant to go, in a real browser: a newcomer who starts a
 * démarche goes through sign-up and the confirmation e-mail (opened in another tab) and
 * lands on the dossier it started; a co-construction invitee and an expert, new to
 * Guichet, read who invites them to what on the password page, then land on the dossier or
 * the avis they were asked for. Every page visited passes axe and the CSP check.
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
import { type Agent, signedUpAgent, superAdminAgent } from "../helpers/instance.ts";
import { publishedDemarche } from "../helpers/demarche.ts";
import { invitedAgent } from "../helpers/people.ts";

const PASSWORD = "Un-mot-de-passe-solide-42";
const PATH = "titre-de-navigation";
const FORM = {
  champs: [
    { stableId: "s_proprietaire", type: "header_section", label: "Propriétaire" },
    { stableId: "nom", type: "text", label: "Nom et prénom", mandatory: true },
    { stableId: "s_technique", type: "header_section", label: "Caractéristiques techniques" },
    { stableId: "longueur", type: "decimal_number", label: "Longueur (m)" },
  ],
  annotations: [],
};

interface Ctx {
  served: ServedInstance;
  browser: Browser;
  contexts: BrowserContext[];
  owner: Agent;
  ines: Agent;
  dossier: number;
}

const e2e = suite<Ctx>("journeys: landing where one meant to go");

if (!browserPath()) {
  e2e.skip("the journeys (Chromium is missing)", () => {});
} else {
  e2e.before(async (ctx) => {
    await openBrowserSuite(ctx);
    const t = ctx.served.t;
    await publishedDemarche(await superAdminAgent(t), {
      titre: "Titre de navigation",
      path: PATH,
      form: FORM,
      instructeurs: ["ines@mairie.fr"],
    });
    ctx.ines = await invitedAgent(t, "ines@mairie.fr");
    ctx.owner = await signedUpAgent(t, "proprietaire@exemple.fr");
    const { id } = await ctx.owner.trpc.usager.start.mutate({ path: PATH });
    await ctx.owner.trpc.usager.save.mutate({ id, values: { nom: "Yann Le Gall" } });
    ctx.dossier = id;
  });

  e2e.after(closeBrowserSuite);

  e2e(
    "a newcomer starts the démarche, signs up, confirms in another tab and lands on the dossier",
    async (ctx) => {
      const page = await newPage(ctx);
      await page.goto(`/commencer/${PATH}`);
      await heading(page, "Titre de navigation");
      await page.getByRole("button", { name: "Commencer la démarche" }).click();
      await heading(page, "Se connecter");
      await page.getByRole("link", { name: "Créer un compte" }).last().click();
      await heading(page, "Créer un compte");
      assert.match(page.url(), /\/inscription\?retour=%2Fcommencer%2Ftitre-de-navigation/);
      // Every password rule is shown before typing, and ticked off as it is met.
      const rules = page.locator(".password-rules li");
      assert.is(await rules.count(), 4);
      assert.is(await page.locator(".password-rules__met").count(), 0, "none met yet");
      await checkPage(page, "journey_inscription");
      await page.getByLabel("Adresse e-mail").fill("nouvelle@exemple.fr");
      await page.getByLabel("Mot de passe").pressSequentially("Nouvelle-2026");
      const address = rules.filter({ hasText: "Sans votre adresse e-mail" });
      assert.match(await address.innerText(), /pas encore/);
      assert.match(await rules.filter({ hasText: "Au moins 12" }).innerText(), /respecté/);
      await page.getByLabel("Mot de passe").fill(PASSWORD);
      await page.locator(".password-rules__met").nth(3).waitFor();
      await checkPage(page, "journey_inscription_rules_met");
      await page.getByRole("button", { name: "Créer mon compte" }).click();
      await heading(page, "Vérifiez votre boîte mail");
      const mail = await ctx.served.t.mail("nouvelle@exemple.fr", "Confirmez votre adresse");
      // The e-mail opens in another tab of the same browser.
      const tab = await page.context().newPage();
      await tab.goto(linkIn(mail.text));
      await tab.waitForURL(/\/dossiers\/\d+$/);
      await heading(tab, /^Dossier n° \d+$/);
      await checkPage(tab, "journey_dossier_started");
      const mine = await tab.evaluate(() => location.pathname);
      const id = Number(mine.split("/").pop());
      const owned = await ctx.served.t.deps.db.selectFrom("dossiers")
        .innerJoin("users", "users.id", "dossiers.owner_id")
        .select(["users.email", "dossiers.state"]).where("dossiers.id", "=", id)
        .executeTakeFirstOrThrow();
      assert.equal({ ...owned }, { email: "nouvelle@exemple.fr", state: "brouillon" });
    },
  );

  e2e(
    "a confirmation opened in another browser asks for the password chosen at sign-up",
    async (ctx) => {
      const phone = await newPage(ctx, { width: 390, height: 844 });
      await phone.goto("/inscription");
      await heading(phone, "Créer un compte");
      await phone.getByLabel("Adresse e-mail").fill("telephone@exemple.fr");
      await phone.getByLabel("Mot de passe").fill(PASSWORD);
      await phone.getByRole("button", { name: "Créer mon compte" }).click();
      await heading(phone, "Vérifiez votre boîte mail");
      const mail = await ctx.served.t.mail("telephone@exemple.fr", "Confirmez votre adresse");
      const laptop = await newPage(ctx);
      await laptop.goto(linkIn(mail.text));
      await laptop.getByText("dans un autre navigateur que celui de votre inscription").waitFor();
      await checkPage(laptop, "journey_confirmation_autre_navigateur");
      await laptop.getByLabel("Mot de passe").fill("Pas-le-bon-mot-de-passe-1");
      await laptop.getByRole("button", { name: "Activer mon compte" }).click();
      await laptop.getByText("Ce n’est pas le mot de passe choisi à l’inscription").first()
        .waitFor();
      await laptop.getByLabel("Mot de passe").fill(PASSWORD);
      await laptop.getByRole("button", { name: "Activer mon compte" }).click();
      await laptop.waitForURL("**/compte");
      await laptop.getByText("Votre adresse e-mail est confirmée").waitFor();
    },
  );

  e2e(
    "a co-construction invitee reads who invites them to which sections, then lands on the dossier",
    async (ctx) => {
      await ctx.owner.trpc.usager.invitations.invite.mutate({
        dossierId: ctx.dossier,
        email: "chantier@exemple.fr",
        scope: { sections: ["s_technique"] },
      });
      const mail = await ctx.served.t.mail("chantier@exemple.fr", "vous invite à compléter");
      const page = await newPage(ctx, { width: 390, height: 844 });
      await page.goto(linkIn(mail.text));
      await heading(page, "Bienvenue sur Guichet");
      await page.getByText(
        `proprietaire@exemple.fr vous invite à compléter son dossier n° ${ctx.dossier} de la démarche « Titre de navigation ».`,
      ).waitFor();
      await page.getByRole("listitem").filter({ hasText: "Caractéristiques techniques" })
        .waitFor();
      assert.is(await page.getByLabel("Votre adresse e-mail").inputValue(), "chantier@exemple.fr");
      assert.is(
        await page.getByRole("link", { name: "Créer un compte" }).count(),
        0,
        "no sign-up offered to someone whose account exists",
      );
      await checkPage(page, "journey_invitation_coconstruction");
      await page.getByLabel("Mot de passe", { exact: true }).fill(PASSWORD);
      await page.getByLabel("Confirmez le mot de passe").fill(PASSWORD);
      await page.getByRole("button", { name: "Enregistrer et continuer" }).click();
      await page.waitForURL(`**/dossiers/${ctx.dossier}`);
      await heading(page, `Dossier n° ${ctx.dossier}`);
      await checkPage(page, "journey_invitee_dossier");
    },
  );

  e2e("an expert new to Guichet lands on the avis asked of them", async (ctx) => {
    await ctx.owner.trpc.usager.deposer.mutate({ id: ctx.dossier });
    await ctx.ines.trpc.instruction.avis.ask.mutate({
      dossierId: ctx.dossier,
      emails: ["expert@chantier.fr"],
      introduction: "Le bateau est-il en état de naviguer ?",
      confidentiel: false,
    });
    const mail = await ctx.served.t.mail("expert@chantier.fr", "Votre avis est demandé");
    const page = await newPage(ctx);
    await page.goto(linkIn(mail.text));
    await heading(page, "Bienvenue sur Guichet");
    await page.getByText(
      `ines@mairie.fr vous invite à donner votre avis sur le dossier n° ${ctx.dossier}`,
    ).waitFor();
    await checkPage(page, "journey_invitation_avis");
    await page.getByLabel("Mot de passe", { exact: true }).fill(PASSWORD);
    await page.getByLabel("Confirmez le mot de passe").fill(PASSWORD);
    await page.getByRole("button", { name: "Enregistrer et continuer" }).click();
    await page.waitForURL(/\/avis\/\d+$/);
    await heading(page, `Avis sur le dossier n° ${ctx.dossier}`);
    await checkPage(page, "journey_expert_avis");
  });
}

e2e.run();
