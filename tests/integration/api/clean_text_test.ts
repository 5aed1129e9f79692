/**
 * Text no person types — a NUL, a lone UTF-16 surrogate — is refused by every procedure at the
 * boundary, with a French message, before any schema or service sees it: a title holding one
 * would be cut short or mangled in PDFs, spreadsheets and e-mails.
 */
import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import { appRouter } from "../../../core/api/router.ts";
import {
  type Agent,
  startTestInstance,
  superAdminAgent,
  type TestInstance,
} from "../../helpers/instance.ts";
import { adminAgent } from "../../helpers/people.ts";
import { refusal } from "../../helpers/refusal.ts";

const INVALID = /caractère invalide/;

const clean = suite<{ t: TestInstance; admin: Agent }>("clean text");
clean.before(async (ctx) => {
  ctx.t = await startTestInstance();
  ctx.admin = await adminAgent(ctx.t, await superAdminAgent(ctx.t), "alice@mairie.fr");
});
clean.after(async (ctx) => {
  await ctx.t.stop();
});

clean("a démarche's title with a NUL or a lone surrogate is refused", async ({ admin }) => {
  for (const titre of ["Permis\u0000 de pêche", "Permis \ud800de pêche", "Permis \udfff"]) {
    const e = await refusal(admin.trpc.admin.demarches.create.mutate({ titre }));
    assert.is(e.data?.httpStatus, 400, JSON.stringify(titre));
    assert.match(e.message, INVALID);
  }
  const mine = await admin.trpc.admin.demarches.list.query();
  assert.is(mine.enTest.length, 0, "nothing was created");
  const { id } = await admin.trpc.admin.demarches.create.mutate({ titre: "Permis 🚤 « été »" });
  assert.is((await admin.trpc.admin.demarches.get.query({ id })).titre, "Permis 🚤 « été »");
});

clean("the check is at the boundary: every procedure with an input refuses it", async ({ t }) => {
  interface ProcedureDef {
    _def: { type: string; inputs: unknown[] };
  }
  const procedures = Object.entries(
    appRouter._def.procedures as unknown as Record<string, ProcedureDef>,
  ).filter(([, p]) => p._def.inputs.length > 0);
  assert.ok(procedures.length > 50);
  const agent = t.agent();
  for (const [path, p] of procedures) {
    const method = p._def.type === "query" ? "GET" : "POST";
    for (const input of [{ id: 1, nom: "a\u0000" }, { id: 1, values: { "x\ud83d": "y" } }]) {
      const res = await agent.call(path, input, method);
      assert.is(res.status, 400, `${path} ${res.status}`);
      assert.match(res.body.error.message, INVALID, path);
    }
  }
});

clean.run();
