/**
 * E-mails people read: a text part and an HTML part made of the same text, sent in the name
 * of the démarche's service (its contact as `Reply-To`) when they are about one of its
 * dossiers, in the instance's name otherwise, always marked `Auto-Submitted`.
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
} from "../../helpers/instance.ts";
import { publishedDemarche } from "../../helpers/demarche.ts";
import type { CaughtMail } from "../../../core/notifications/catcher.ts";

const NOM = 'Service "urbanisme", Saint-Étienne';
const CONTACT = "urbanisme@saint-etienne.fr";
const SERVICE = { nom: NOM, organisme: "Ville de Saint-Étienne", email: CONTACT };
const FORM = {
  champs: [{ stableId: "nom", type: "text", label: "Nom", mandatory: true }],
  annotations: [],
};

interface Ctx {
  t: TestInstance;
  admin: Agent;
}

const format = suite<Ctx>("e-mail format");
format.before(async (ctx) => {
  ctx.t = await startTestInstance();
  ctx.admin = await superAdminAgent(ctx.t);
  await publishedDemarche(ctx.admin, {
    titre: "Permis de construire",
    path: "permis",
    form: FORM,
    settings: { service: SERVICE },
  });
  await publishedDemarche(ctx.admin, {
    titre: "Déclaration de ruche",
    path: "ruche",
    form: FORM,
    settings: { service: SERVICE, mode: "declarative_accepte" },
  });
});
format.after(async (ctx) => {
  await ctx.t.stop();
});

async function deposited(ctx: Ctx, email: string, path: string) {
  const usager = await signedUpAgent(ctx.t, email);
  const { id } = await usager.trpc.usager.start.mutate({ path });
  await usager.trpc.usager.save.mutate({ id, values: { nom: "Camille" } });
  await usager.trpc.usager.deposer.mutate({ id });
  return { usager, id };
}

function assertAutomatic(mail: CaughtMail) {
  assert.is(mail.headers.get("auto-submitted"), "auto-generated");
  assert.is(mail.fromAddress, "ne-pas-repondre@guichet.localhost");
}

function assertPlainHtml(mail: CaughtMail) {
  assert.match(mail.html, /<html lang="fr"/);
  assert.not.match(mail.html, /<img|src=|url\(|<script|<link/i, "no remote content");
}

format("a dossier's e-mail is the service's, in text and in HTML", async (ctx) => {
  const { id } = await deposited(ctx, "camille@exemple.fr", "permis");
  const mail = await ctx.t.mail("camille@exemple.fr", `Votre dossier n° ${id} est déposé`);
  assertAutomatic(mail);
  assert.is(mail.fromName, NOM);
  assert.is(mail.replyTo, CONTACT);
  assertPlainHtml(mail);
  assert.match(mail.html, /<h1[^>]*>Service &#34;urbanisme&#34;, Saint-Étienne<\/h1>/);
  assert.match(mail.html, new RegExp(`Votre dossier n° ${id} pour la démarche`));
  const link = `${BASE_URL}/dossiers/${id}`;
  assert.match(mail.text, new RegExp(`Suivre votre dossier : ${link}`));
  assert.ok(mail.html.includes(`<a href="${link}"`), mail.html);
  assert.match(mail.text, /Pour toute question, répondez à ce message/);
});

format("an account e-mail stays the instance's, with no Reply-To", async (ctx) => {
  const usager = ctx.t.agent();
  await usager.trpc.auth.signUp.mutate({
    email: "dominique@exemple.fr",
    password: "Un mot de passe assez long 2026",
    navigateur: `preuve-${crypto.randomUUID()}`,
  });
  const mail = await ctx.t.mail("dominique@exemple.fr", "Confirmez votre adresse");
  assertAutomatic(mail);
  assert.is(mail.fromName, "Guichet");
  assert.is(mail.replyTo, "");
  assertPlainHtml(mail);
  assert.match(mail.html, /<h1[^>]*>Guichet<\/h1>/);
  const link = /(http\S+jeton=\S+)/.exec(mail.text)![1];
  assert.ok(mail.html.includes(`<a href="${link.replaceAll("&", "&amp;")}"`), mail.html);
});

format("an invitation to co-fill a dossier ends as the others do", async (ctx) => {
  const { usager, id } = await deposited(ctx, "alex@exemple.fr", "permis");
  await usager.trpc.usager.invitations.invite.mutate({
    dossierId: id,
    email: "architecte@cabinet.fr",
    message: "Pouvez-vous compléter ?",
    scope: {},
  });
  const mail = await ctx.t.mail("architecte@cabinet.fr", "vous invite à compléter");
  assert.match(mail.text, /\n—\nService "urbanisme", Saint-Étienne\n/);
  assert.match(mail.text, /Ce message est envoyé automatiquement/);
  assertAutomatic(mail);
  assert.is(mail.fromName, NOM);
  assert.is(mail.replyTo, CONTACT);
});

format("an instructeur's invitation comes from the démarche's service", async (ctx) => {
  const mail = await ctx.t.mail("marc@mairie.fr", "Vous êtes instructeur");
  assertAutomatic(mail);
  assert.is(mail.fromName, NOM);
  assert.is(mail.replyTo, CONTACT);
});

format("a declarative dossier's « déposé » e-mail promises no changes", async (ctx) => {
  const { id } = await deposited(ctx, "sacha@exemple.fr", "ruche");
  const mail = await ctx.t.mail("sacha@exemple.fr", `Votre dossier n° ${id} est déposé`);
  assert.not.match(mail.text, /modifier/);
  assert.match(mail.text, /accepté dès son dépôt/);
});

format.run();
