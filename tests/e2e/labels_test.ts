/**
 * « Étiquettes » in a real browser: the administrator creates one for the démarche; the
 * instructeur puts it on a dossier, sees it on the dashboard's row and filters on it. Each
 * page passes axe.
 */
import { suite } from "../helpers/suite.ts";
import * as assert from "uvu/assert";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { browserPath } from "../helpers/browser_setup.ts";
import { checkPage, launchBrowser, newPage } from "../helpers/browser.ts";
import { type ServedInstance, startServedInstance } from "../helpers/served_instance.ts";
import { signedUpAgent, superAdminAgent } from "../helpers/instance.ts";
import { adminAgent, invitedAgent } from "../helpers/people.ts";
import { publishedDemarche } from "../helpers/demarche.ts";
import { ensureUiBuilt } from "../../core/setup.ts";

const ALICE = "alice@mairie-brest.fr";
const MARC = "marc@mairie-brest.fr";

interface Ctx {
  served: ServedInstance;
  browser: Browser;
  contexts: BrowserContext[];
  demarcheId: number;
  dossierId: number;
  otherId: number;
  alice: Awaited<ReturnType<typeof adminAgent>>;
}

const e2e = suite<Ctx>("étiquettes in the browser");

async function signedIn(ctx: Ctx, email: string, password: string, to: string): Promise<Page> {
  const page = await newPage(ctx, { width: 1280, height: 900 });
  await page.goto(`/connexion?retour=${encodeURIComponent(to)}`);
  await page.getByLabel("Adresse e-mail").fill(email);
  await page.getByLabel("Mot de passe").fill(password);
  await page.getByRole("button", { name: "Se connecter" }).click();
  await page.waitForURL(`**${to}`);
  return page;
}

if (!browserPath()) {
  e2e.skip("labels from the administrator to the dashboard (Chromium is missing)", () => {});
} else {
  e2e.before(async (ctx) => {
    assert.ok(await ensureUiBuilt(), "the UI must build");
    ctx.served = await startServedInstance();
    ctx.contexts = [];
    const t = ctx.served.t;
    const alice = ctx.alice = await adminAgent(t, await superAdminAgent(t), ALICE);
    ctx.demarcheId = await publishedDemarche(alice, {
      titre: "Titre de navigation",
      path: "titre-navigation",
      form: {
        champs: [{ stableId: "nom", type: "text", label: "Nom du bateau", mandatory: true }],
        annotations: [],
      },
      instructeurs: [MARC],
    });
    await invitedAgent(t, MARC);
    const usager = (await signedUpAgent(t, "proprietaire@exemple.fr")).trpc.usager;
    const ids: number[] = [];
    for (const nom of ["Le Goéland", "La Mouette"]) {
      const { id } = await usager.start.mutate({ path: "titre-navigation" });
      await usager.save.mutate({ id, values: { nom } });
      await usager.deposer.mutate({ id });
      ids.push(id);
    }
    [ctx.dossierId, ctx.otherId] = ids;
    ctx.browser = await launchBrowser();
  });
  e2e.after(async (ctx) => {
    for (const context of ctx.contexts ?? []) await context.close();
    await ctx.browser?.close();
    await ctx.served?.stop();
  });

  e2e("the administrator creates « Pièce manquante »", async (ctx) => {
    const page = await signedIn(
      ctx,
      ALICE,
      "Administrer-La-Commune-2026",
      `/admin/demarches/${ctx.demarcheId}`,
    );
    await page.getByRole("link", { name: "Étiquettes" }).click();
    await page.getByRole("heading", { level: 1, name: "Étiquettes" }).waitFor();
    await page.getByLabel("Nouvelle étiquette").fill("Pièce manquante");
    await page.getByLabel("Couleur").selectOption({ label: "Orange" });
    await page.getByRole("button", { name: "Créer" }).click();
    await page.getByRole("status").getByText("L’étiquette « Pièce manquante » est créée.")
      .waitFor();
    await checkPage(page, "admin_etiquettes");
  });

  e2e("the instructeur labels a dossier, sees it on the dashboard, filters on it", async (ctx) => {
    const page = await signedIn(
      ctx,
      MARC,
      "Instruire-Les-Dossiers-2026",
      `/instruction/dossiers/${ctx.dossierId}`,
    );
    await page.getByRole("button", { name: "Modifier les étiquettes" }).click();
    await page.getByRole("checkbox", { name: "Pièce manquante" }).check();
    await page.getByRole("button", { name: "Enregistrer", exact: true }).click();
    await page.getByRole("status").getByText("Étiquettes enregistrées.").waitFor();
    await page.locator(".dossier-labels").getByText("Pièce manquante").waitFor();
    await checkPage(page, "instruction_dossier_etiquette");

    await page.goto(`/instruction/demarches/${ctx.demarcheId}?onglet=tous`);
    const row = (id: number) => page.getByRole("row").filter({ hasText: `n° ${id}` });
    await row(ctx.dossierId).getByText("Pièce manquante").waitFor();
    await row(ctx.otherId).waitFor();
    await page.getByRole("button", { name: "Filtrer" }).click();
    await page.getByLabel("Étiquette").selectOption({ label: "Pièce manquante" });
    await page.getByRole("button", { name: "Appliquer les filtres" }).click();
    await page.getByRole("button", { name: "Retirer le filtre Étiquette : Pièce manquante" })
      .waitFor();
    await row(ctx.otherId).waitFor({ state: "detached" });
    await row(ctx.dossierId).waitFor();
    await checkPage(page, "instruction_filtre_etiquette");
  });

  e2e("two instructeurs ticking different labels at once both keep theirs", async (ctx) => {
    for (const [name, color] of [["Urgent", "rouge"], ["Visite prévue", "bleu"]] as const) {
      await ctx.alice.trpc.admin.demarches.labels.create.mutate({
        demarcheId: ctx.demarcheId,
        name,
        color,
      });
    }
    const to = `/instruction/dossiers/${ctx.otherId}`;
    // The same dossier open in two browsers, each form opened before the other saves.
    const pages = [
      await signedIn(ctx, MARC, "Instruire-Les-Dossiers-2026", to),
      await signedIn(ctx, MARC, "Instruire-Les-Dossiers-2026", to),
    ];
    for (const page of pages) {
      await page.getByRole("button", { name: "Modifier les étiquettes" }).click();
      await page.getByRole("checkbox", { name: "Urgent" }).waitFor();
    }
    await pages[0].getByRole("checkbox", { name: "Urgent" }).check();
    await pages[1].getByRole("checkbox", { name: "Visite prévue" }).check();
    for (const page of pages) {
      await page.getByRole("button", { name: "Enregistrer", exact: true }).click();
      await page.getByRole("status").getByText("Étiquettes enregistrées.").waitFor();
    }
    // The second save shows the first one's label too, and so does the dossier, reloaded.
    const shown = pages[1].locator(".dossier-labels .labels");
    await shown.getByText("Urgent").waitFor();
    await shown.getByText("Visite prévue").waitFor();
    await pages[0].reload();
    const reloaded = pages[0].locator(".dossier-labels .labels");
    await reloaded.getByText("Visite prévue").waitFor();
    await reloaded.getByText("Urgent").waitFor();

    // Unticking one leaves the other's.
    await pages[0].getByRole("button", { name: "Modifier les étiquettes" }).click();
    await pages[1].getByRole("button", { name: "Modifier les étiquettes" }).click();
    await pages[0].getByRole("checkbox", { name: "Urgent" }).uncheck();
    await pages[0].getByRole("button", { name: "Enregistrer", exact: true }).click();
    await pages[0].getByRole("status").getByText("Étiquettes enregistrées.").waitFor();
    // The second form still shows « Urgent » ticked; saving it unchanged does not put it back.
    await pages[1].getByRole("button", { name: "Enregistrer", exact: true }).click();
    await pages[1].getByRole("status").getByText("Étiquettes enregistrées.").waitFor();
    const labels = await ctx.served.t.deps.db.selectFrom("dossier_labels")
      .innerJoin("demarche_labels", "demarche_labels.id", "dossier_labels.label_id")
      .select("demarche_labels.name").where("dossier_labels.dossier_id", "=", ctx.otherId)
      .execute();
    assert.equal(labels.map((l) => l.name), ["Visite prévue"]);
  });
}

e2e.run();
