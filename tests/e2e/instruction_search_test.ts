/**
 * The dashboard's search in a real browser, on a beginning of word shared by more words than
 * a search looks through (core/db/search.ts): the instructeur reads that the word was looked
 * up whole and that more letters find the beginnings; with more letters, the notice goes and
 * the dossier holding them is found. With axe, on a phone too.
 */
import { suite } from "../helpers/suite.ts";
import * as assert from "uvu/assert";
import type { Page } from "playwright-core";
import { browserPath } from "../helpers/browser_setup.ts";
import {
  checkPage,
  closeBrowserSuite,
  heading,
  newPage,
  openBrowserSuite,
  type OpenedBrowserSuite,
} from "../helpers/browser.ts";
import { signedUpAgent, superAdminAgent } from "../helpers/instance.ts";
import { publishedDemarche } from "../helpers/demarche.ts";
import { invitedAgent } from "../helpers/people.ts";

const INSTRUCTEUR = "marc@mairie.fr";
const PASSWORD = "Instruire-Les-Dossiers-2026";
const LETTERS = "abcdefghijklmnopqrstuvwxyz";
/** 78 words starting with « dup »: more than the 64 a beginning is looked through. */
const MANY = [..."abc"].flatMap((a) => [...LETTERS].map((b) => `dup${a}${b}`));

interface Ctx extends OpenedBrowserSuite {
  demarcheId: number;
  many: number;
  dup: number;
}

const e2e = suite<Ctx>("dashboard search on a common beginning, in the browser");

const row = (page: Page, id: number) =>
  page.getByRole("row").filter({ has: page.getByRole("link", { name: `Dossier n° ${id}` }) });

const NOTICE = "Recherche sur le mot entier « dup » : trop de mots commencent ainsi. " +
  "Tapez plus de lettres pour chercher un début de mot.";

async function searchFor(page: Page, words: string) {
  await page.getByLabel("Rechercher dans les dossiers").fill(words);
  await page.getByRole("button", { name: "Rechercher" }).click();
  await page.getByRole("button", { name: `Retirer le filtre Recherche : « ${words} »` }).waitFor();
}

if (!browserPath()) {
  e2e.skip("the search notice (Chromium is missing)", () => {});
} else {
  e2e.before(async (ctx) => {
    await openBrowserSuite(ctx);
    const t = ctx.served.t;
    ctx.demarcheId = await publishedDemarche(await superAdminAgent(t), {
      titre: "Recherche des bateaux",
      path: "recherche-bateaux",
      form: {
        champs: [{ stableId: "description", type: "textarea", label: "Description" }],
        annotations: [],
      },
      instructeurs: [INSTRUCTEUR],
    });
    await invitedAgent(t, INSTRUCTEUR, "Vous êtes instructeur", PASSWORD);
    const usager = await signedUpAgent(t, "usager@exemple.fr");
    const deposit = async (description: string) => {
      const { id } = await usager.trpc.usager.start.mutate({ path: "recherche-bateaux" });
      await usager.trpc.usager.save.mutate({ id, values: { description } });
      await usager.trpc.usager.deposer.mutate({ id });
      return id;
    };
    ctx.many = await deposit(MANY.join(" "));
    ctx.dup = await deposit("Le mot dup, seul.");
  });
  e2e.after(closeBrowserSuite);

  for (const viewport of [{ width: 1280, height: 860 }, { width: 390, height: 844 }]) {
    const phone = viewport.width < 500;
    e2e(
      `a beginning shared by too many words is looked up whole, and said so${
        phone ? " (phone)" : ""
      }`,
      async (ctx) => {
        const page = await newPage(ctx, viewport);
        await page.goto("/connexion");
        await page.getByLabel("Adresse e-mail").fill(INSTRUCTEUR);
        await page.getByLabel("Mot de passe").fill(PASSWORD);
        await page.getByRole("button", { name: "Se connecter" }).click();
        await page.getByRole("navigation", { name: "Espaces" }).getByRole("link", {
          name: "Instruction",
        }).waitFor();
        await page.goto(`/instruction/demarches/${ctx.demarcheId}?onglet=tous`);
        await heading(page, "Recherche des bateaux");
        await searchFor(page, "dup");
        const notice = page.getByRole("status").filter({ hasText: "Recherche sur le mot entier" });
        await notice.waitFor();
        assert.is((await notice.innerText()).trim(), NOTICE);
        if (!phone) {
          await row(page, ctx.many).waitFor({ state: "detached" });
          await row(page, ctx.dup).waitFor();
        }
        await checkPage(page, `instruction_recherche_mot_entier${phone ? "_mobile" : ""}`);

        await page.getByRole("button", { name: "Retirer le filtre Recherche : « dup »" }).click();
        await searchFor(page, "dupa");
        await notice.waitFor({ state: "detached" });
        if (!phone) {
          await row(page, ctx.many).waitFor();
          await row(page, ctx.dup).waitFor({ state: "detached" });
        } else {
          await page.getByRole("link", { name: new RegExp(`n° ${ctx.many}$`, "i") }).waitFor();
        }
      },
    );
  }
}

e2e.run();
