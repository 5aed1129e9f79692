import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import {
  type Agent,
  signedUpAgent,
  startTestInstance,
  superAdminAgent,
  type TestInstance,
  tokenFrom,
} from "../../helpers/instance.ts";
import { refusal } from "../../helpers/refusal.ts";
import { publishedDemarche } from "../../helpers/demarche.ts";

const FORM = {
  champs: [
    { stableId: "s_proprietaire", type: "header_section", label: "Propriétaire" },
    { stableId: "nom", type: "text", label: "Nom et prénom", mandatory: true },
    { stableId: "s_technique", type: "header_section", label: "Caractéristiques techniques" },
    { stableId: "longueur", type: "decimal_number", label: "Longueur (m)", mandatory: true },
    { stableId: "moteur", type: "yes_no", label: "Moteur", mandatory: true },
  ],
  annotations: [],
};

interface Ctx {
  t: TestInstance;
  admin: Agent["trpc"];
  demarcheId: number;
  owner: Agent;
}

const invitations = suite<Ctx>("co-construction invitations");
invitations.before(async (ctx) => {
  const t = ctx.t = await startTestInstance();
  const superAdmin = await superAdminAgent(t);
  ctx.admin = superAdmin.trpc;
  ctx.demarcheId = await publishedDemarche(superAdmin, {
    titre: "Titre de navigation",
    path: "titre-de-navigation",
    form: FORM,
  });
  ctx.owner = await signedUpAgent(t, "proprietaire@exemple.fr");
});
invitations.after(async (ctx) => {
  await ctx.t.stop();
});

async function startDossier(ctx: Ctx) {
  const { id } = await ctx.owner.trpc.usager.start.mutate({ path: "titre-de-navigation" });
  await ctx.owner.trpc.usager.save.mutate({ id, values: { nom: "Yann Le Gall" } });
  return id;
}

invitations("the boat owner invites the expert to fill only the technical section", async (ctx) => {
  const id = await startDossier(ctx);
  await ctx.owner.trpc.usager.invitations.invite.mutate({
    dossierId: id,
    email: "expert@chantier.fr",
    message: "Pouvez-vous remplir les caractéristiques du bateau ?",
    scope: { sections: ["s_technique"] },
  });
  const mail = await ctx.t.mail("expert@chantier.fr", "vous invite à compléter un dossier");
  assert.match(mail.text, /une partie de son dossier/);
  assert.match(mail.text, /Pouvez-vous remplir/);
  const expert = ctx.t.agent();
  await expert.trpc.auth.setPassword.mutate({
    token: tokenFrom(mail),
    password: "Carene-Inspectee-2026",
  });
  const mine = await expert.trpc.usager.dossiers.query({});
  assert.ok(mine.some((d) => d.id === id && d.invited));
  const seen = await expert.trpc.usager.dossier.query({ id });
  assert.is(seen.role, "invite");
  assert.is(seen.invitedBy, "proprietaire@exemple.fr");
  assert.equal(seen.readOnly, ["s_proprietaire", "nom"]);
  assert.is(seen.values.nom, "Yann Le Gall", "the rest is shown read-only");
  await expert.trpc.usager.save.mutate({ id, values: { longueur: "7,45", moteur: false } });
  const denied = await refusal(expert.trpc.usager.save.mutate({ id, values: { nom: "Autre" } }));
  assert.is(denied.data?.httpStatus, 403);
  assert.is((await refusal(expert.trpc.usager.deposer.mutate({ id }))).data?.httpStatus, 404);
  assert.is((await refusal(expert.trpc.usager.delete.mutate({ id }))).data?.httpStatus, 404);
  const reinvite = await refusal(
    expert.trpc.usager.invitations.invite.mutate({ dossierId: id, email: "autre@exemple.fr" }),
  );
  assert.is(reinvite.data?.httpStatus, 404, "only the owner invites");
  // The owner deposits what the expert filled in; the expert can then use the messagerie.
  await ctx.owner.trpc.usager.deposer.mutate({ id });
  assert.is((await ctx.owner.trpc.usager.dossier.query({ id })).values.longueur, 7.45);
  await expert.trpc.messagerie.post.mutate({
    dossierId: id,
    body: "Longueur mesurée au chantier.",
  });
});

invitations(
  "« hide the rest » shows the invité only their sections; revoking ends access",
  async (ctx) => {
    const id = await startDossier(ctx);
    await ctx.owner.trpc.usager.invitations.invite.mutate({
      dossierId: id,
      email: "discret@chantier.fr",
      scope: { sections: ["s_technique"], hideOthers: true },
    });
    const expert = ctx.t.agent();
    await expert.trpc.auth.setPassword.mutate({
      token: tokenFrom(await ctx.t.mail("discret@chantier.fr", "vous invite")),
      password: "Carene-Inspectee-2026",
    });
    const seen = await expert.trpc.usager.dossier.query({ id });
    assert.equal(seen.champs.map((c) => c.stableId), ["s_technique", "longueur", "moteur"]);
    assert.not.ok("nom" in seen.values);
    const [invitation] = await ctx.owner.trpc.usager.invitations.list.query({ dossierId: id });
    await ctx.owner.trpc.usager.invitations.revoke.mutate({
      dossierId: id,
      invitationId: invitation.id,
    });
    assert.is((await refusal(expert.trpc.usager.dossier.query({ id }))).data?.httpStatus, 404);
  },
);

invitations(
  "bad scopes, self-invitations and a switched-off plugin are refused in French",
  async (ctx) => {
    const id = await startDossier(ctx);
    const unknown = await refusal(ctx.owner.trpc.usager.invitations.invite.mutate({
      dossierId: id,
      email: "x@exemple.fr",
      scope: { sections: ["nulle_part"] },
    }));
    assert.match(unknown.message, /section/);
    const self = await refusal(
      ctx.owner.trpc.usager.invitations.invite.mutate({
        dossierId: id,
        email: "proprietaire@exemple.fr",
      }),
    );
    assert.match(self.message, /vous inviter vous-même/);
    await ctx.admin.admin.demarches.setFonctionnalite.mutate({
      id: ctx.demarcheId,
      pluginId: "invitation_email",
      enabled: false,
    });
    const off = await refusal(
      ctx.owner.trpc.usager.invitations.invite.mutate({ dossierId: id, email: "y@exemple.fr" }),
    );
    assert.match(off.message, /n’est pas activée pour cette démarche/);
  },
);

invitations.run();
