/**
 * Verifiable attestations: the PDF carries the service's address, a reference, a QR code and
 * a short code; the public procedure behind /attestations/<code> confirms it (démarche,
 * number, decision, date, holder masked) to anyone, says once it was withdrawn, answers an
 * unknown code with a French 404, leaks nothing else, and stops a guesser.
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
import { invitedAgent } from "../../helpers/people.ts";
import { drawnText } from "../../helpers/pdf.ts";
import { publishedDemarche, SERVICE } from "../../helpers/demarche.ts";
import { refusal } from "../../helpers/refusal.ts";

interface Ctx {
  t: TestInstance;
  marc: Agent;
  usager: Agent;
}

const CODE = /([0-9A-HJKMNP-TV-Z]{4}(?:-[0-9A-HJKMNP-TV-Z]{4}){4})/;

const verification = suite<Ctx>("attestation verification");
verification.before(async (ctx) => {
  const t = ctx.t = await startTestInstance();
  const admin = await superAdminAgent(t);
  const id = await publishedDemarche(admin, {
    titre: "Titre de navigation",
    path: "titre-navigation",
    form: {
      champs: [
        { stableId: "prenom", type: "text", label: "Prénom", mandatory: true },
        { stableId: "nom", type: "text", label: "Nom", mandatory: true },
      ],
      annotations: [],
    },
    settings: { service: { ...SERVICE, adresse: "2 rue Frézier\n29200 Brest" } },
  });
  await admin.trpc.admin.demarches.setFonctionnalite.mutate({
    id,
    pluginId: "attestation_pdf",
    enabled: true,
    settings: { titulaire: "--Prénom-- --Nom--" },
  });
  ctx.marc = await invitedAgent(t, "marc@mairie.fr");
  ctx.usager = await signedUpAgent(t, "yann@exemple.fr");
});
verification.after(async (ctx) => {
  await ctx.t.stop();
});

async function accepted(ctx: Ctx) {
  const u = ctx.usager.trpc.usager;
  const { id } = await u.start.mutate({ path: "titre-navigation" });
  await u.save.mutate({ id, values: { prenom: "Yann", nom: "Le Goff" } });
  await u.deposer.mutate({ id });
  await ctx.marc.trpc.instruction.decide.mutate({ id, event: "passer_en_instruction" });
  await ctx.marc.trpc.instruction.decide.mutate({ id, event: "accepter" });
  await ctx.t.flush();
  const { attestation } = await u.dossier.query({ id });
  const res = await ctx.usager.fetch(`${BASE_URL}/files/${attestation!.id}`);
  const text = drawnText(new Uint8Array(await res.arrayBuffer()));
  return { id, text, code: text.match(CODE)?.[1] };
}

verification("the attestation carries the address, a reference and its code", async (ctx) => {
  const { id, text, code } = await accepted(ctx);
  assert.match(text, /Service nautique, Mairie de Brest\n2 rue Frézier\n29200 Brest/);
  assert.match(text, new RegExp(`Référence : ATT-${id}-1`));
  assert.match(text, /Titulaire : Yann Le Goff/);
  assert.ok(code, `no verification code on the attestation:\n${text}`);
  assert.match(text, /Vérifier cette attestation/);
  assert.match(text, new RegExp(`${BASE_URL}/attestations`));
});

verification("anyone confirms a valid attestation, the holder masked", async (ctx) => {
  const { id, code } = await accepted(ctx);
  const stranger = ctx.t.agent({ ip: "198.51.100.7" });
  const res = await stranger.call("attestations.verify", { code: code! }, "GET");
  assert.is(res.status, 200);
  const a = res.body.result.data;
  assert.equal(Object.keys(a).sort(), [
    "decidedAt",
    "decision",
    "demarche",
    "dossier",
    "holder",
    "issuedAt",
    "reference",
    "status",
    "test",
  ]);
  assert.is(a.status, "valide");
  assert.is(a.demarche, "Titre de navigation");
  assert.is(a.dossier, id);
  assert.is(a.decision, "accepte");
  assert.is(a.holder, "Y*** L* G***");
  assert.is(a.test, false);
  // Nothing else of the dossier: no e-mail, no answers, no file.
  assert.not.match(JSON.stringify(a), /yann@|Goff|Yann|files/);
  // Typed by hand: lower case, spaces instead of dashes, O for 0.
  const typed = code!.toLowerCase().replace(/-/g, " ").replace(/0/g, "o");
  const again = await stranger.trpc.attestations.verify.query({ code: typed });
  assert.is(again.reference, a.reference);
});

verification("a decision taken back shows the attestation withdrawn", async (ctx) => {
  const { id, code } = await accepted(ctx);
  await ctx.marc.trpc.instruction.decide.mutate({ id, event: "repasser_en_instruction" });
  const a = await ctx.t.agent().trpc.attestations.verify.query({ code: code! });
  assert.is(a.status, "retiree");
  // Accepted again: a new attestation with a new code; the first one stays withdrawn.
  await ctx.marc.trpc.instruction.decide.mutate({ id, event: "accepter" });
  await ctx.t.flush();
  const { attestation } = await ctx.usager.trpc.usager.dossier.query({ id });
  const res = await ctx.usager.fetch(`${BASE_URL}/files/${attestation!.id}`);
  const text = drawnText(new Uint8Array(await res.arrayBuffer()));
  assert.match(text, new RegExp(`Référence : ATT-${id}-2`));
  const second = text.match(CODE)?.[1];
  assert.ok(second, `no verification code on the second attestation:\n${text}`);
  assert.is.not(second, code);
  assert.is(
    (await ctx.t.agent().trpc.attestations.verify.query({ code: second! })).status,
    "valide",
  );
  assert.is(
    (await ctx.t.agent().trpc.attestations.verify.query({ code: code! })).status,
    "retiree",
  );
});

verification("an unknown code gets a French 404, a malformed one a 400", async (ctx) => {
  const agent = ctx.t.agent({ ip: "203.0.113.9" });
  const unknown = await refusal(
    agent.trpc.attestations.verify.query({ code: "AAAA-BBBB-CCCC-DDDD-EEEE" }),
  );
  assert.is(unknown.data?.httpStatus, 404);
  assert.match(unknown.message, /Aucune attestation ne correspond à ce code/);
  const malformed = await refusal(agent.trpc.attestations.verify.query({ code: "1234" }));
  assert.is(malformed.data?.httpStatus, 400);
  assert.match(malformed.message, /20 caractères/);
  const tooLong = await agent.call("attestations.verify", { code: "A".repeat(500) }, "GET");
  assert.is(tooLong.status, 400);
});

verification("guessing codes from one address is stopped", async (ctx) => {
  const guesser = ctx.t.agent({ ip: "203.0.113.50" });
  const { code, text } = await accepted(ctx);
  assert.ok(code, `no verification code on the attestation:\n${text}`);
  for (let i = 0; i < 20; i++) {
    const code = `${String(i).padStart(4, "0")}-BBBB-CCCC-DDDD-EEEE`;
    const r = await refusal(guesser.trpc.attestations.verify.query({ code }));
    assert.is(r.data?.httpStatus, 404);
  }
  // Even a right code is refused now, so the limit tells nothing about codes.
  const stopped = await refusal(guesser.trpc.attestations.verify.query({ code: code! }));
  assert.is(stopped.data?.httpStatus, 429);
  assert.match(stopped.message, /Trop de codes inconnus essayés/);
  // Others are not held back.
  assert.is(
    (await ctx.t.agent({ ip: "192.0.2.77" }).trpc.attestations.verify.query({
      code: code!,
    })).status,
    "valide",
  );
});

verification("the page lists nothing: no procedure enumerates attestations", async (ctx) => {
  const res = await ctx.t.agent().call("attestations.list", undefined, "GET");
  assert.is(res.status, 404);
});

verification.run();
