/**
 * A person may keep at most 100 brouillons on one démarche (each can hold files, and
 * nothing else stops a script): the 101st is refused in French, by « Commencer » and by
 * « Dupliquer »; one put in the bin makes room.
 */
import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import {
  type Agent,
  signedUpAgent,
  startTestInstance,
  superAdminAgent,
  type TestInstance,
} from "../../helpers/instance.ts";
import { publishedDemarche } from "../../helpers/demarche.ts";
import { refusal } from "../../helpers/refusal.ts";

interface Ctx {
  t: TestInstance;
  usager: Agent;
}

const limit = suite<Ctx>("brouillons per démarche");
limit.before(async (ctx) => {
  ctx.t = await startTestInstance();
  const admin = await superAdminAgent(ctx.t);
  for (const path of ["subvention", "autre"]) {
    await publishedDemarche(admin, {
      titre: `Démarche ${path}`,
      path,
      form: { champs: [{ stableId: "nom", type: "text", label: "Nom" }], annotations: [] },
    });
  }
  ctx.usager = await signedUpAgent(ctx.t, "association@exemple.fr");
});
limit.after(async (ctx) => {
  await ctx.t.stop();
});

limit("the 101st brouillon on a démarche is refused in French; the bin makes room", async (ctx) => {
  const u = ctx.usager.trpc.usager;
  const ids: number[] = [];
  for (let i = 0; i < 100; i++) ids.push((await u.start.mutate({ path: "subvention" })).id);
  const refused = await refusal(u.start.mutate({ path: "subvention" }));
  assert.is(refused.data?.httpStatus, 409);
  assert.match(
    refused.message,
    /Vous avez déjà 100 brouillons sur cette démarche, le maximum : reprenez l’un d’eux depuis « Mes dossiers »/,
  );
  const duplicated = await refusal(u.duplicate.mutate({ id: ids[0] }));
  assert.match(duplicated.message, /déjà 100 brouillons/);
  // Another démarche, or another person, is not concerned.
  await u.start.mutate({ path: "autre" });
  await (await signedUpAgent(ctx.t, "voisin@exemple.fr")).trpc.usager.start.mutate({
    path: "subvention",
  });
  await u.delete.mutate({ id: ids[1] });
  await u.start.mutate({ path: "subvention" });
});

limit.run();
