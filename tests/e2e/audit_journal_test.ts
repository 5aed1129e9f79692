/**
 * « Journal d'audit » in a real browser: the super-admin verifies the chain, filters the
 * events by action and person with the keyboard, pages back to older events, exports the CSV,
 * sees a row edited in the database (the SQLite file opened apart; on PostgreSQL, a statement of
 * its own) as a broken chain naming the first event in question; on a phone too. Pages pass axe.
 */
import { suite } from "../helpers/suite.ts";
import * as assert from "uvu/assert";
import { DatabaseSync } from "node:sqlite";
import { sql } from "kysely";
import { browserPath } from "../helpers/browser_setup.ts";
import {
  checkPage,
  closeBrowserSuite,
  heading,
  newPage,
  openBrowserSuite,
  type OpenedBrowserSuite,
} from "../helpers/browser.ts";
import { type Agent, superAdminAgent } from "../helpers/instance.ts";
import { refusal } from "../helpers/refusal.ts";
import { testOnPostgres } from "../helpers/postgres.ts";

interface Ctx extends OpenedBrowserSuite {
  admin: Agent;
}

const e2e = suite<Ctx>("journal d'audit in the browser");

/** A page signed in as the super-admin (its session, second factor included). */
async function superAdminPage(ctx: Ctx, viewport?: { width: number; height: number }) {
  const page = await newPage(ctx, viewport);
  const [name, value] = ctx.admin.cookie.split("=");
  await page.context().addCookies([{ name, value, url: ctx.served.baseUrl }]);
  return page;
}

if (!browserPath()) {
  e2e.skip("the super-admin's journal (Chromium is missing)", () => {});
} else {
  e2e.before(async (ctx) => {
    await openBrowserSuite(ctx);
    const t = ctx.served.t;
    ctx.admin = await superAdminAgent(t);
    // 55 failed sign-ins from elsewhere: more than one page of them.
    for (let i = 0; i < 55; i++) {
      await refusal(
        t.agent({ ip: `203.0.113.${(i % 200) + 1}` }).trpc.auth.signIn.mutate({
          email: `intrus${i}@ailleurs.test`,
          password: "Pas-le-bon-mot-de-passe",
        }),
      );
    }
  });
  e2e.after(async (ctx) => {
    await closeBrowserSuite(ctx);
  });

  e2e("the super-admin verifies, filters with the keyboard, pages and exports", async (ctx) => {
    const page = await superAdminPage(ctx);
    await page.goto("/super-admin/journal");
    await heading(page, "Journal d’audit");
    await page.getByText("Le journal n’a pas encore été vérifié").waitFor();
    await page.getByRole("cell", { name: "Connexion échouée" }).first().waitFor();
    await checkPage(page, "journal_audit");

    await page.getByRole("button", { name: "Vérifier maintenant" }).click();
    await page.getByText(/Chaîne intacte : \d+ événements vérifiés le/).waitFor();

    // Keyboard only: choose the action, type part of an address, Enter.
    await page.getByLabel("Action").focus();
    await page.getByLabel("Action").selectOption({ label: "Connexion échouée" });
    await page.keyboard.press("Tab");
    await page.keyboard.type("intrus");
    await page.keyboard.press("Enter");
    await page.waitForURL(/action=connexion\.echouee/);
    assert.match(page.url(), /personne=intrus/);
    await page.getByText("50 événements affichés, d’autres plus anciens suivent.").waitFor();
    await page.getByRole("button", { name: "Afficher les événements plus anciens" }).click();
    await page.getByText("55 événements affichés.").waitFor();
    assert.is(await page.getByRole("cell", { name: "Connexion échouée" }).count(), 55);
    await checkPage(page, "journal_audit_filtre");

    const href = await page.getByRole("link", { name: "Exporter en CSV" }).getAttribute("href");
    assert.is(href, "/journal-audit.csv?action=connexion.echouee&personne=intrus");
    const csv = await page.evaluate(async (url) => {
      const res = await fetch(url);
      return { status: res.status, text: await res.text() };
    }, href!);
    assert.is(csv.status, 200);
    assert.is(csv.text.trimEnd().split("\r\n").length, 56);

    await page.getByRole("link", { name: "Effacer les filtres" }).click();
    await page.waitForURL(/\/super-admin\/journal$/);
    await page.getByRole("cell", { name: "Journal d’audit exporté" }).waitFor();
  });

  e2e("a row edited in the database shows as a broken chain naming it", async (ctx) => {
    const t = ctx.served.t;
    const victim = await t.deps.db.selectFrom("audit_events").select("id")
      .where("action", "=", "connexion.echouee").orderBy("id").limit(1).executeTakeFirstOrThrow();
    const edit =
      `UPDATE audit_events SET actor_email = 'personne@ailleurs.test' WHERE id = ${victim.id}`;
    if (testOnPostgres()) {
      await sql.raw(edit).execute(t.deps.db);
    } else {
      const file = new DatabaseSync(`${t.dataDir}/guichet.sqlite`);
      file.exec("PRAGMA busy_timeout = 5000");
      file.exec(edit);
      file.close();
    }

    const page = await superAdminPage(ctx);
    await page.goto("/super-admin/journal");
    await heading(page, "Journal d’audit");
    await page.getByRole("button", { name: "Vérifier maintenant" }).click();
    const alert = page.getByRole("alert").filter({ hasText: "Chaîne rompue" });
    await alert.getByText(`premier événement en cause : n° ${victim.id}`, { exact: false })
      .waitFor();
    await alert.getByText(`le contenu de l’événement n°${victim.id} a été modifié`, {
      exact: false,
    }).waitFor();
    await checkPage(page, "journal_audit_rompu");

    // On a phone: the same alert, the filters one under the other, the table scrolls.
    const phone = await superAdminPage(ctx, { width: 375, height: 740 });
    await phone.goto("/super-admin/journal");
    await heading(phone, "Journal d’audit");
    await phone.getByRole("alert").filter({ hasText: "Chaîne rompue" }).waitFor();
    await phone.getByRole("region", { name: "Événements du journal" }).waitFor();
    await checkPage(phone, "journal_audit_mobile");
  });
}

e2e.run();
