/**
 * The public page of an attestation in a real browser, on a phone's screen: the QR code's
 * address shows « Attestation valide » with what it attests, an unknown code typed in the
 * form is answered in French, a withdrawn attestation says so. Each page passes axe.
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
import { type Agent, BASE_URL, signedUpAgent, superAdminAgent } from "../helpers/instance.ts";
import { invitedAgent } from "../helpers/people.ts";
import { publishedDemarche } from "../helpers/demarche.ts";
import { drawnText } from "../helpers/pdf.ts";

interface Ctx {
  served: ServedInstance;
  browser: Browser;
  contexts: BrowserContext[];
  marc: Agent;
  dossierId: number;
  url: string;
  page: Page;
}

const e2e = suite<Ctx>("attestation verification in the browser");

if (!browserPath()) {
  e2e.skip("the attestation's public page (Chromium is missing)", () => {});
} else {
  e2e.before(async (ctx) => {
    await openBrowserSuite(ctx);
    const t = ctx.served.t;
    const admin = await superAdminAgent(t);
    const demarcheId = await publishedDemarche(admin, {
      titre: "Titre de navigation",
      path: "titre-navigation",
      form: {
        champs: [
          { stableId: "prenom", type: "text", label: "Prénom", mandatory: true },
          { stableId: "nom", type: "text", label: "Nom", mandatory: true },
        ],
        annotations: [],
      },
    });
    await admin.trpc.admin.demarches.setFonctionnalite.mutate({
      id: demarcheId,
      pluginId: "attestation_pdf",
      enabled: true,
      settings: { titulaire: "--Prénom-- --Nom--" },
    });
    ctx.marc = await invitedAgent(t, "marc@mairie.fr");
    const usager = await signedUpAgent(t, "yann@exemple.fr");
    const { id } = await usager.trpc.usager.start.mutate({ path: "titre-navigation" });
    ctx.dossierId = id;
    await usager.trpc.usager.save.mutate({ id, values: { prenom: "Yann", nom: "Le Goff" } });
    await usager.trpc.usager.deposer.mutate({ id });
    await ctx.marc.trpc.instruction.decide.mutate({ id, event: "passer_en_instruction" });
    await ctx.marc.trpc.instruction.decide.mutate({ id, event: "accepter" });
    await t.flush();
    const { attestation } = await usager.trpc.usager.dossier.query({ id });
    const res = await usager.fetch(`${BASE_URL}/files/${attestation!.id}`);
    const text = drawnText(new Uint8Array(await res.arrayBuffer()));
    const code = /[0-9A-Z]{4}(?:-[0-9A-Z]{4}){4}/.exec(text)?.[0];
    assert.ok(code, text);
    ctx.url = `${ctx.served.baseUrl}/attestations/${code}`;
  });
  e2e.after(closeBrowserSuite);

  e2e("the QR code's address confirms the attestation, on a phone", async (ctx) => {
    const page = ctx.page = await newPage(ctx, { width: 390, height: 844 });
    await page.goto(ctx.url);
    await heading(page, "Vérifier une attestation");
    await page.getByRole("heading", { level: 2, name: "Attestation valide" }).waitFor();
    await page.getByText("Titre de navigation").waitFor();
    await page.getByText(`n° ${ctx.dossierId}`).waitFor();
    await page.getByText("Y*** L* G***").waitFor();
    assert.not.ok(await page.getByText("yann@exemple.fr").count());
    // Nothing wider than the phone's screen.
    const overflow = await page.evaluate(() =>
      document.documentElement.scrollWidth > document.documentElement.clientWidth
    );
    assert.not.ok(overflow, "the page scrolls sideways on a phone");
    await checkPage(page, "attestation_valide");
  });

  e2e("an unknown code typed in the form is answered in French", async (ctx) => {
    const page = ctx.page;
    await page.getByLabel("Vérifier un autre code").fill("aaaa bbbb cccc dddd eeee");
    await page.getByRole("button", { name: "Vérifier" }).click();
    await page.waitForURL("**/attestations/AAAA-BBBB-CCCC-DDDD-EEEE");
    await page.getByRole("alert").getByText(/Aucune attestation ne correspond à ce code/)
      .waitFor();
    await checkPage(page, "attestation_inconnue");
  });

  e2e("a decision taken back shows the attestation withdrawn", async (ctx) => {
    await ctx.marc.trpc.instruction.decide.mutate({
      id: ctx.dossierId,
      event: "repasser_en_instruction",
    });
    const page = ctx.page;
    await page.goto(ctx.url);
    await page.getByRole("heading", { level: 2, name: "Attestation retirée" }).waitFor();
    await checkPage(page, "attestation_retiree");
  });
}

e2e.run();
