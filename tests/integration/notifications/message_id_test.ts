import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import { queueMessage, SEND_JOB } from "../../../core/notifications/service.ts";
import type { CaughtMail } from "../../../core/notifications/catcher.ts";
import { startTestInstance, type TestInstance } from "../../helpers/instance.ts";

const ids = suite<{ t: TestInstance }>("Message-ID of the e-mails");
ids.before(async (ctx) => {
  ctx.t = await startTestInstance();
});
ids.after(async (ctx) => {
  await ctx.t.stop();
});

const messageId = (mail: CaughtMail) => String(mail.headers.get("message-id") ?? "");

/** Queues one e-mail to `to` and returns its job's id. */
async function queue(t: TestInstance, to: string): Promise<number> {
  await queueMessage(t.deps.db, {
    to,
    subject: "Votre dossier n° 42 est accepté",
    text: "Bonjour,\n\nVotre dossier est accepté.",
  }, { now: t.deps.clock().toISOString() });
  const job = await t.deps.db.selectFrom("jobs").select("id").where("kind", "=", SEND_JOB)
    .orderBy("id", "desc").executeTakeFirstOrThrow();
  return job.id;
}

ids(
  "a job sent again after a crash carries the same Message-ID; another job a different one",
  async ({ t }) => {
    const id = await queue(t, "dominique@exemple.fr");
    await t.flush();
    // The process died after the SMTP server took the e-mail, before the job was recorded
    // done: its lease runs out and another try sends it again.
    await t.deps.db.updateTable("jobs").set({
      status: "running",
      locked_until: new Date(t.deps.clock().getTime() - 1).toISOString(),
    }).where("id", "=", id).execute();
    await t.flush();
    const tries = t.catcher!.mails.filter((m) => m.to.includes("dominique@exemple.fr"));
    assert.is(tries.length, 2, "sent twice");
    assert.match(messageId(tries[0]), new RegExp(`^<job-${id}-[0-9a-f]{16}@localhost>$`));
    assert.is(messageId(tries[1]), messageId(tries[0]));

    // The same e-mail queued again is another message.
    await queue(t, "dominique@exemple.fr");
    await t.flush();
    const all = t.catcher!.mails.filter((m) => m.to.includes("dominique@exemple.fr"));
    assert.is(all.length, 3);
    assert.match(messageId(all[2]), /^<job-\d+-[0-9a-f]{16}@localhost>$/);
    assert.is.not(messageId(all[2]), messageId(all[0]));
  },
);

ids.run();
