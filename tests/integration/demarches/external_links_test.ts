/**
 * Every web address a person types (a démarche's « Site internet », a definition's, a webhook's,
 * a markdown link) is `http(s)://` only, checked on the server: a `javascript:` address would run
 * in Guichet's origin once drawn as a link.
 */
import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import {
  type Agent,
  startTestInstance,
  superAdminAgent,
  type TestInstance,
} from "../../helpers/instance.ts";
import { refusal } from "../../helpers/refusal.ts";
import { adminAgent } from "../../helpers/people.ts";

const links = suite<{ t: TestInstance; alice: Agent; id: number }>("external links");
links.before(async (ctx) => {
  ctx.t = await startTestInstance();
  ctx.alice = await adminAgent(ctx.t, await superAdminAgent(ctx.t), "alice@mairie.fr");
  ctx.id = (await ctx.alice.trpc.admin.demarches.create.mutate({ titre: "Permis de pêche" })).id;
});
links.after(async (ctx) => {
  await ctx.t.stop();
});

const SCRIPTS = [
  "javascript:alert(1)",
  "JavaScript:alert(document.cookie)",
  "  javascript:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  "vbscript:msgbox(1)",
  "file:///etc/passwd",
  "https:/",
];

links("« Site internet » refuses every address that is not http(s)", async ({ alice, id }) => {
  for (const siteWeb of SCRIPTS) {
    const e = await refusal(
      alice.trpc.admin.demarches.updateSettings.mutate({ id, titre: "Permis", siteWeb }),
    );
    assert.is(e.data?.httpStatus, 400, siteWeb);
    assert.match(e.message, /commençant par https:\/\//, siteWeb);
  }
  assert.is((await alice.trpc.admin.demarches.get.query({ id })).siteWeb, "");
  await alice.trpc.admin.demarches.updateSettings.mutate({
    id,
    titre: "Permis",
    siteWeb: " https://www.brest.fr/demarches ",
  });
  assert.is(
    (await alice.trpc.admin.demarches.get.query({ id })).siteWeb,
    "https://www.brest.fr/demarches",
  );
});

links("an imported definition cannot carry a script address", async ({ alice, id }) => {
  const definition = await alice.trpc.admin.demarches.exportDefinition.query({ id });
  const e = await refusal(alice.trpc.admin.demarches.importDefinition.mutate({
    definition: { ...definition, siteWeb: "javascript:alert(1)" },
  }));
  assert.is(e.data?.httpStatus, 400);
  assert.match(e.message, /https:\/\//);
});

links("a script address stored before the check reads as none", async ({ t, alice, id }) => {
  const row = await t.deps.db.selectFrom("demarches").select("settings").where("id", "=", id)
    .executeTakeFirstOrThrow();
  const settings = { ...JSON.parse(row.settings), siteWeb: "javascript:alert(1)" };
  await t.deps.db.updateTable("demarches").set({ settings: JSON.stringify(settings) })
    .where("id", "=", id).execute();
  assert.is((await alice.trpc.admin.demarches.get.query({ id })).siteWeb, "");
  const definition = await alice.trpc.admin.demarches.exportDefinition.query({ id });
  assert.is(definition.siteWeb, "");
});

links("the webhook's address is http(s) only", async ({ alice, id }) => {
  for (const url of SCRIPTS) {
    const e = await refusal(alice.trpc.admin.demarches.setFonctionnalite.mutate({
      id,
      pluginId: "webhook",
      enabled: true,
      settings: { url },
    }));
    assert.is(e.data?.httpStatus, 400, url);
  }
});

links("a description's markdown links keep http(s) and lose scripts", async ({ alice, id }) => {
  await alice.trpc.admin.demarches.updateSettings.mutate({
    id,
    titre: "Permis",
    description: "[site](https://www.brest.fr) [piège](javascript:alert(1)) [x](data:text/html,y)",
  });
  const html = (await alice.trpc.admin.demarches.get.query({ id })).descriptionHtml;
  assert.match(html, /<a href="https:\/\/www\.brest\.fr" rel="noopener noreferrer">site<\/a>/);
  assert.not.match(html, /javascript:|data:/);
});

links.run();
