import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import { queueMessage, SEND_JOB } from "../../../core/notifications/service.ts";
import demo, { demoRecord } from "../../fixtures/plugins/demo/mod.ts";
import { startTestInstance, type TestInstance } from "../../helpers/instance.ts";

const send = suite<{ t: TestInstance }>("queueMessage");
send.before(async (ctx) => {
  ctx.t = await startTestInstance({
    extraPlugins: [{ source: "fixtures/demo", definition: demo }],
  });
});
send.before.each(() => demoRecord.clear());
send.after(async (ctx) => {
  await ctx.t.stop();
});

const message = (to: string) => ({
  to,
  subject: "Votre dossier n° 42 est accepté",
  text: "Bonjour,\n\nVotre dossier est accepté.",
});

send("an e-mail goes out through the mail_smtp plugin to the SMTP server", async ({ t }) => {
  await queueMessage(t.deps.db, message("camille@exemple.fr"), {
    now: t.deps.clock().toISOString(),
  });
  const mail = await t.mail("camille@exemple.fr", "dossier n° 42");
  assert.match(mail.text, /Votre dossier est accepté/);
  assert.equal(demoRecord.sent, []);
});

send("a message on another channel is delivered by the plugin that owns it", async ({ t }) => {
  const before = t.catcher!.mails.length;
  await queueMessage(t.deps.db, message("06 12 34 56 78"), {
    now: t.deps.clock().toISOString(),
    channel: "demo_canal",
  });
  assert.equal(demoRecord.sent, [], "nothing is sent before the worker runs");
  await t.flush();
  assert.equal(demoRecord.sent, [message("06 12 34 56 78")]);
  assert.is(t.catcher!.mails.length, before);
});

send("a message for a channel no plugin provides fails the job with the reason", async ({ t }) => {
  await queueMessage(t.deps.db, message("x"), {
    now: t.deps.clock().toISOString(),
    channel: "pigeon",
  });
  await t.flush();
  const job = await t.deps.db.selectFrom("jobs").selectAll().where("kind", "=", SEND_JOB)
    .orderBy("id", "desc").executeTakeFirstOrThrow();
  assert.is(job.status, "pending");
  assert.is(job.last_error, 'No channel "pigeon" is installed');
});

send.run();
