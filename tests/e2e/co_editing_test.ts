/**
 * Co-editing a brouillon in real browsers: two tabs of the owner filling different champs at
 * the same moment both keep theirs; an invité who edits a champ the owner changed meanwhile
 * is told who changed it and to what, next to the champ, and chooses by keyboard to keep
 * that value or to put theirs back. Every page shown passes axe.
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
import { publishedDemarche } from "../helpers/demarche.ts";

const OWNER = "titulaire@exemple.fr";
const INVITE = "invite@exemple.fr";
const PASSWORD = "Un-mot-de-passe-solide-42";
const TITRE = "Déclaration de travaux";

const FORM = {
  champs: [
    { stableId: "nom", type: "text", label: "Nom du demandeur", mandatory: true },
    { stableId: "adresse", type: "text", label: "Adresse des travaux", mandatory: true },
    { stableId: "nature", type: "textarea", label: "Nature des travaux", mandatory: true },
  ],
  annotations: [],
};

interface Ctx {
  served: ServedInstance;
  browser: Browser;
  contexts: BrowserContext[];
  owner: Agent;
}

const e2e = suite<Ctx>("co-editing a dossier in the browser");

async function signIn(page: Page, email: string, goTo: string) {
  await page.goto(`/connexion?retour=${encodeURIComponent(goTo)}`);
  await page.getByLabel("Adresse e-mail").fill(email);
  await page.getByLabel("Mot de passe").fill(PASSWORD);
  await page.getByRole("button", { name: "Se connecter" }).click();
  await page.waitForURL(`**${goTo}`);
}

const saved = (page: Page) => page.getByRole("status").getByText(/^Enregistré à/).waitFor();

/** A fresh brouillon of the owner, opened in a tab signed in as `email`. */
async function openedBy(ctx: Ctx, id: number, email: string): Promise<Page> {
  const page = await newPage(ctx);
  await signIn(page, email, `/dossiers/${id}`);
  await heading(page, `Dossier n° ${id}`);
  await page.getByLabel("Nom du demandeur").waitFor();
  return page;
}

if (!browserPath()) {
  e2e.skip("co-editing (Chromium is missing)", () => {});
} else {
  e2e.before(async (ctx) => {
    await openBrowserSuite(ctx);
    const t = ctx.served.t;
    await publishedDemarche(await superAdminAgent(t), {
      titre: TITRE,
      path: "travaux",
      form: FORM,
    });
    ctx.owner = await signedUpAgent(t, OWNER, PASSWORD);
  });
  e2e.after(closeBrowserSuite);

  e2e("two tabs filling different champs at the same moment both keep theirs", async (ctx) => {
    for (let round = 0; round < 5; round++) {
      const { id } = await ctx.owner.trpc.usager.start.mutate({ path: "travaux" });
      const [one, two] = [await openedBy(ctx, id, OWNER), await openedBy(ctx, id, OWNER)];
      // Typed together: both autosaves leave about 800 ms later, at the same moment.
      await Promise.all([
        one.getByLabel("Nom du demandeur").fill(`Camille Martin ${round}`),
        two.getByLabel("Adresse des travaux").fill(`12 rue des Lilas ${round}`),
      ]);
      await Promise.all([saved(one), saved(two)]);
      const { values } = await ctx.owner.trpc.usager.dossier.query({ id });
      assert.is(values.nom, `Camille Martin ${round}`, `round ${round + 1}: the first tab's`);
      assert.is(values.adresse, `12 rue des Lilas ${round}`, `round ${round + 1}: the second's`);
      await one.context().close();
      await two.context().close();
    }
  });

  e2e("an invité editing a champ the owner changed meanwhile is told, and chooses", async (ctx) => {
    const t = ctx.served.t;
    const { id } = await ctx.owner.trpc.usager.start.mutate({ path: "travaux" });
    await ctx.owner.trpc.usager.invitations.invite.mutate({
      dossierId: id,
      email: INVITE,
      message: "",
      kind: "email",
      scope: { sections: [] },
    });
    const invite = t.agent();
    await invite.trpc.auth.setPassword.mutate({
      token: tokenFrom(await t.mail(INVITE, "vous invite")),
      password: PASSWORD,
    });
    const owner = await openedBy(ctx, id, OWNER);
    const guest = await openedBy(ctx, id, INVITE);
    // The owner writes first; the invité, on the page as read before, writes over it.
    await owner.getByLabel("Nature des travaux").fill("Ravalement de façade");
    await saved(owner);
    await guest.getByLabel("Nature des travaux").fill("Extension de 20 m²");
    const alert = guest.getByRole("alert").filter({ hasText: "pendant que vous l’éditiez" });
    await alert.waitFor();
    assert.match(
      await alert.innerText(),
      /Ce champ a été modifié par titulaire@exemple\.fr pendant que vous l’éditiez/,
    );
    assert.match(await alert.innerText(), /Valeur enregistrée :\s*Ravalement de façade/);
    let { values } = await ctx.owner.trpc.usager.dossier.query({ id });
    assert.is(values.nature, "Ravalement de façade", "the owner's value is not written over");
    await checkPage(guest, "co_editing_conflict");

    // By keyboard: « Remettre ma saisie » puts the invité's value back, knowingly.
    await alert.getByRole("button", { name: "Remettre ma saisie pour « Nature des travaux »" })
      .focus();
    await guest.keyboard.press("Enter");
    await alert.waitFor({ state: "detached" });
    assert.ok(
      await guest.getByLabel("Nature des travaux").evaluate((el) => el === document.activeElement),
      "the focus is back on the champ",
    );
    await saved(guest);
    ({ values } = await ctx.owner.trpc.usager.dossier.query({ id }));
    assert.is(values.nature, "Extension de 20 m²");

    // Now the owner's tab is behind: its next edit is told, and keeps the invité's value.
    await owner.getByLabel("Nature des travaux").fill("Ravalement et toiture");
    const told = owner.getByRole("alert").filter({ hasText: "pendant que vous l’éditiez" });
    await told.getByText(`modifié par ${INVITE}`).waitFor();
    await told.getByRole("button", { name: "Garder cette valeur pour « Nature des travaux »" })
      .focus();
    await owner.keyboard.press("Enter");
    await told.waitFor({ state: "detached" });
    assert.is(await owner.getByLabel("Nature des travaux").inputValue(), "Extension de 20 m²");
    await checkPage(owner, "co_editing_kept");
    ({ values } = await ctx.owner.trpc.usager.dossier.query({ id }));
    assert.is(values.nature, "Extension de 20 m²");
  });
}

e2e.run();
