/**
 * A conditional champ answered by the usager is shown to every reader of the dossier: the
 * owner, an invité who sees the rest read-only, an invité limited to their section (whose
 * condition reads a champ kept from them), the instructeur and the expert. Every page passes
 * axe and no reader gets an empty strip where a champ would be.
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
import { type Agent, signedUpAgent, superAdminAgent, tokenFrom } from "../helpers/instance.ts";
import { invitedAgent } from "../helpers/people.ts";
import { publishedDemarche } from "../helpers/demarche.ts";

const OWNER = "proprietaire@exemple.fr";
const OWNER_PASSWORD = "Un-mot-de-passe-solide-42";
const LECTEUR = "lecteur@chantier.fr";
const DISCRET = "discret@chantier.fr";
const INSTRUCTEUR = "marc@mairie.fr";
const EXPERT = "experte@capitainerie.fr";
const PASSWORD = "Carene-Inspectee-2026";

const FORM = {
  champs: [
    { stableId: "s_bateau", type: "header_section", label: "Le bateau" },
    { stableId: "nom", type: "text", label: "Nom du bateau", mandatory: true },
    { stableId: "controle", type: "yes_no", label: "Le bateau a-t-il déjà été contrôlé ?" },
    {
      stableId: "date_controle",
      type: "date",
      label: "Date du dernier contrôle",
      condition: { op: "eq" as const, champ: "controle", value: true },
    },
    { stableId: "s_technique", type: "header_section", label: "Caractéristiques techniques" },
    { stableId: "longueur", type: "decimal_number", label: "Longueur (m)" },
    {
      stableId: "organisme",
      type: "text",
      label: "Organisme du dernier contrôle",
      condition: { op: "eq" as const, champ: "controle", value: true },
    },
  ],
  annotations: [],
};

interface Ctx {
  served: ServedInstance;
  browser: Browser;
  contexts: BrowserContext[];
  owner: Agent;
  instructeur: Agent;
  dossierId: number;
}

const e2e = suite<Ctx>("conditional champs for every reader");

/** A browser signed in as `email`, on `to`. */
async function signedIn(ctx: Ctx, email: string, password: string, to: string): Promise<Page> {
  const page = await newPage(ctx);
  await page.goto(`/connexion?retour=${encodeURIComponent(to)}`);
  await page.getByLabel("Adresse e-mail").fill(email);
  await page.getByLabel("Mot de passe").fill(password);
  await page.getByRole("button", { name: "Se connecter" }).click();
  await page.waitForURL(`**${to}`);
  return page;
}

/** The conditional champs are shown with their answers, and no read-only strip is empty. */
async function showsTheAnswers(page: Page, opts: { date: boolean }) {
  const main = page.locator("main");
  await main.getByText("Organisme du dernier contrôle").first().waitFor();
  if (opts.date) {
    await main.getByText("Date du dernier contrôle").first().waitFor();
    await main.getByText("14 mai 2025").first().waitFor();
  }
  const strips = await main.locator(".dossier-form__champ--read").allInnerTexts();
  assert.ok(strips.every((text) => text.trim() !== ""), `empty strips: ${strips.length}`);
}

if (!browserPath()) {
  e2e.skip("conditional champs for every reader (Chromium is missing)", () => {});
} else {
  e2e.before(async (ctx) => {
    await openBrowserSuite(ctx);
    const t = ctx.served.t;
    await publishedDemarche(await superAdminAgent(t), {
      titre: "Titre de navigation",
      path: "titre-navigation",
      form: FORM,
      instructeurs: [INSTRUCTEUR],
    });
    ctx.instructeur = await invitedAgent(t, INSTRUCTEUR);
    ctx.owner = await signedUpAgent(t, OWNER, OWNER_PASSWORD);
    const usager = ctx.owner.trpc.usager;
    const { id } = await usager.start.mutate({ path: "titre-navigation" });
    ctx.dossierId = id;
    await usager.save.mutate({
      id,
      values: {
        nom: "Le Goéland",
        controle: true,
        date_controle: "2025-05-14",
        organisme: "Bureau Veritas",
      },
    });
    for (const [email, hideOthers] of [[LECTEUR, false], [DISCRET, true]] as const) {
      await usager.invitations.invite.mutate({
        dossierId: id,
        email,
        scope: { sections: ["s_technique"], hideOthers },
      });
      await t.agent().trpc.auth.setPassword.mutate({
        token: tokenFrom(await t.mail(email, "vous invite")),
        password: PASSWORD,
      });
    }
  });
  e2e.after(closeBrowserSuite);

  e2e("an invité who sees the rest read-only sees the answered date", async (ctx) => {
    const page = await signedIn(ctx, LECTEUR, PASSWORD, `/dossiers/${ctx.dossierId}`);
    await heading(page, `Dossier n° ${ctx.dossierId}`);
    await showsTheAnswers(page, { date: true });
    await checkPage(page, "conditionnel_invite_lecture");
  });

  e2e("an invité limited to their section sees its conditional champ", async (ctx) => {
    const page = await signedIn(ctx, DISCRET, PASSWORD, `/dossiers/${ctx.dossierId}`);
    await heading(page, `Dossier n° ${ctx.dossierId}`);
    const organisme = page.getByLabel(/^Organisme du dernier contrôle/);
    assert.is(await organisme.inputValue(), "Bureau Veritas");
    assert.is(await page.getByText("Date du dernier contrôle").count(), 0, "not their section");
    await page.getByLabel(/^Longueur/).fill("7,45");
    await page.getByText(/Enregistré à/).waitFor();
    await checkPage(page, "conditionnel_invite_section");
  });

  e2e("once deposited, owner, instructeur, expert and invité see the same", async (ctx) => {
    const t = ctx.served.t;
    await ctx.owner.trpc.usager.deposer.mutate({ id: ctx.dossierId });
    const owner = await signedIn(ctx, OWNER, OWNER_PASSWORD, `/dossiers/${ctx.dossierId}`);
    await heading(owner, `Dossier n° ${ctx.dossierId}`);
    await showsTheAnswers(owner, { date: true });
    await checkPage(owner, "conditionnel_proprietaire");

    const instructeur = await signedIn(
      ctx,
      INSTRUCTEUR,
      "Instruire-Les-Dossiers-2026",
      `/instruction/dossiers/${ctx.dossierId}`,
    );
    await showsTheAnswers(instructeur, { date: true });
    await checkPage(instructeur, "conditionnel_instructeur");

    await ctx.instructeur.trpc.instruction.avis.ask.mutate({
      dossierId: ctx.dossierId,
      emails: [EXPERT],
      introduction: "Le contrôle est-il à jour ?",
    });
    await invitedAgent(t, EXPERT, "Votre avis est demandé", PASSWORD);
    const expert = await signedIn(ctx, EXPERT, PASSWORD, "/avis");
    await expert.getByRole("link", { name: `Dossier n° ${ctx.dossierId}` }).click();
    await showsTheAnswers(expert, { date: true });
    await checkPage(expert, "conditionnel_expert");

    const discret = await signedIn(ctx, DISCRET, PASSWORD, `/dossiers/${ctx.dossierId}`);
    await heading(discret, `Dossier n° ${ctx.dossierId}`);
    await showsTheAnswers(discret, { date: false });
    await discret.locator("main").getByText("Bureau Veritas").waitFor();
  });
}

e2e.run();
