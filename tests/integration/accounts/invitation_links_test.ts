/**
 * Every invitation e-mail leads to what the person was invited to: a new invitee's link opens
 * a password page that says who invites them to what (read from the link's own token), and
 * once the password is chosen they land there; someone with an account gets the page itself.
 */
import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import {
  type Agent,
  BASE_URL,
  signedUpAgent,
  startTestInstance,
  superAdminAgent,
  type TestInstance,
  tokenFrom,
} from "../../helpers/instance.ts";
import { refusal } from "../../helpers/refusal.ts";
import { publishedDemarche } from "../../helpers/demarche.ts";
import { invitedAgent } from "../../helpers/people.ts";

const FORM = {
  champs: [
    { stableId: "s_proprietaire", type: "header_section", label: "Propriétaire" },
    { stableId: "nom", type: "text", label: "Nom et prénom", mandatory: true },
    { stableId: "s_technique", type: "header_section", label: "Caractéristiques techniques" },
    { stableId: "longueur", type: "decimal_number", label: "Longueur (m)" },
  ],
  annotations: [],
};

interface Ctx {
  t: TestInstance;
  admin: Agent;
  owner: Agent;
  ines: Agent;
  demarcheId: number;
  dossier: number;
}

const links = suite<Ctx>("invitation links");
links.before(async (ctx) => {
  const t = ctx.t = await startTestInstance();
  ctx.admin = await superAdminAgent(t);
  ctx.demarcheId = await publishedDemarche(ctx.admin, {
    titre: "Titre de navigation",
    path: "titre-de-navigation",
    form: FORM,
    instructeurs: ["ines@mairie.fr"],
  });
  ctx.ines = await invitedAgent(t, "ines@mairie.fr");
  ctx.owner = await signedUpAgent(t, "proprietaire@exemple.fr");
  const { id } = await ctx.owner.trpc.usager.start.mutate({ path: "titre-de-navigation" });
  await ctx.owner.trpc.usager.save.mutate({ id, values: { nom: "Yann Le Gall" } });
  ctx.dossier = id;
});
links.after(async (ctx) => {
  await ctx.t.stop();
});

/** The link of an e-mail, as a path on the instance. */
function linkOf(text: string): string {
  const m = new RegExp(`${BASE_URL}(/[^\\s]*)`).exec(text);
  if (!m) throw new Error("No link in the e-mail");
  return m[1];
}

links("a co-construction invitee sees who invites them to which sections, then the dossier", async (
  ctx,
) => {
  await ctx.owner.trpc.usager.invitations.invite.mutate({
    dossierId: ctx.dossier,
    email: "chantier@exemple.fr",
    scope: { sections: ["s_technique"] },
  });
  const mail = await ctx.t.mail("chantier@exemple.fr", "vous invite à compléter un dossier");
  assert.match(linkOf(mail.text), /^\/mot-de-passe\/nouveau\?jeton=/);
  const invitee = ctx.t.agent();
  const info = await invitee.trpc.auth.passwordLink.query({ token: tokenFrom(mail) });
  assert.is(info.email, "chantier@exemple.fr");
  assert.equal(info.invitation, {
    kind: "coconstruction",
    retour: `/dossiers/${ctx.dossier}`,
    par: "proprietaire@exemple.fr",
    demarche: "Titre de navigation",
    dossier: ctx.dossier,
    sections: ["Caractéristiques techniques"],
  });
  await invitee.trpc.auth.setPassword.mutate({
    token: tokenFrom(mail),
    password: "Carene-Inspectee-2026",
  });
  assert.is((await invitee.trpc.usager.dossier.query({ id: ctx.dossier })).role, "invite");
  const used = await refusal(invitee.trpc.auth.passwordLink.query({ token: tokenFrom(mail) }));
  assert.is(used.data?.httpStatus, 400, "a used link tells nothing any more");
});

links("an invitee who has an account is sent to the dossier itself", async (ctx) => {
  await signedUpAgent(ctx.t, "voisin@exemple.fr");
  await ctx.owner.trpc.usager.invitations.invite.mutate({
    dossierId: ctx.dossier,
    email: "voisin@exemple.fr",
  });
  const mail = await ctx.t.mail("voisin@exemple.fr", "vous invite à compléter un dossier");
  assert.is(linkOf(mail.text), `/dossiers/${ctx.dossier}`);
});

links("an expert's link leads to the avis asked, not to the list", async (ctx) => {
  await ctx.owner.trpc.usager.deposer.mutate({ id: ctx.dossier });
  await ctx.ines.trpc.instruction.avis.ask.mutate({
    dossierId: ctx.dossier,
    emails: ["expert@chantier.fr", "voisin@exemple.fr"],
    introduction: "Le bateau est-il en état de naviguer ?",
    confidentiel: false,
  });
  const [asked] = await ctx.ines.trpc.instruction.avis.list.query({ dossierId: ctx.dossier });
  const mail = await ctx.t.mail("expert@chantier.fr", "Votre avis est demandé");
  const expert = ctx.t.agent();
  const info = await expert.trpc.auth.passwordLink.query({ token: tokenFrom(mail) });
  assert.is(info.invitation?.kind, "avis");
  assert.is(info.invitation?.par, "ines@mairie.fr");
  assert.match(info.invitation?.retour ?? "", /^\/avis\/\d+$/);
  await expert.trpc.auth.setPassword.mutate({
    token: tokenFrom(mail),
    password: "Carene-Inspectee-2026",
  });
  const mine = await expert.trpc.expert.avis.query();
  assert.equal(mine.map((a) => `/avis/${a.id}`), [info.invitation!.retour]);
  const known = await ctx.t.mail("voisin@exemple.fr", "Votre avis est demandé");
  assert.match(linkOf(known.text), /^\/avis\/\d+$/);
  assert.ok(asked, "the instructeur sees the avis asked");
});

links("an instructeur's invitation leads to the démarche's dossiers", async (ctx) => {
  const [groupe] = await ctx.admin.trpc.admin.demarches.groupes.list.query({
    demarcheId: ctx.demarcheId,
  });
  await ctx.admin.trpc.admin.demarches.groupes.addInstructeur.mutate({
    demarcheId: ctx.demarcheId,
    groupeId: groupe.id,
    email: "paul@mairie.fr",
  });
  const mail = await ctx.t.mail("paul@mairie.fr", "Vous êtes instructeur");
  const info = await ctx.t.agent().trpc.auth.passwordLink.query({ token: tokenFrom(mail) });
  assert.equal(info.invitation, {
    kind: "instructeur",
    retour: `/instruction/demarches/${ctx.demarcheId}`,
    par: "super@guichet.test",
    demarche: "Titre de navigation",
  });
});

links("a password reset link has an address and no invitation", async (ctx) => {
  await ctx.t.agent().trpc.auth.requestPasswordReset.mutate({ email: "proprietaire@exemple.fr" });
  const mail = await ctx.t.mail("proprietaire@exemple.fr", "mot de passe");
  const info = await ctx.t.agent().trpc.auth.passwordLink.query({ token: tokenFrom(mail) });
  assert.equal(info, { email: "proprietaire@exemple.fr", invitation: null });
  const forged = await refusal(
    ctx.t.agent().trpc.auth.passwordLink.query({ token: "A".repeat(43) }),
  );
  assert.is(forged.data?.httpStatus, 400);
});

links.run();
