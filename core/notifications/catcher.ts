/**
 * A local SMTP listener that keeps the mail it receives in memory. With no `SMTP_URL`,
 * `main.ts` starts one and points the SMTP channel at it, so a newcomer can read their
 * confirmation e-mail at `/_dev/mails`; the tests use it as their real SMTP server.
 */
import { SMTPServer } from "smtp-server";
import { simpleParser } from "mailparser";

export interface CaughtMail {
  readonly id: number;
  readonly from: string;
  /** The sender's display name and address, decoded. */
  readonly fromName: string;
  readonly fromAddress: string;
  /** The `Reply-To` address, empty when there is none. */
  readonly replyTo: string;
  readonly to: string[];
  readonly subject: string;
  readonly text: string;
  /** The HTML part, empty when there is none. */
  readonly html: string;
  /** Every header, by lower-case name (as mailparser reads them). */
  readonly headers: ReadonlyMap<string, unknown>;
  readonly receivedAt: string;
}

export interface MailCatcher {
  readonly url: string;
  readonly mails: readonly CaughtMail[];
  /** Resolves with the first mail (new or already caught) matching `predicate`. */
  waitFor(predicate: (mail: CaughtMail) => boolean, timeoutMs?: number): Promise<CaughtMail>;
  close(): Promise<void>;
}

const KEEP = 500;

export async function startMailCatcher(opts: { port?: number } = {}): Promise<MailCatcher> {
  const mails: CaughtMail[] = [];
  const waiters = new Set<() => void>();
  let next = 1;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream).then((parsed) => {
        const sender = parsed.from?.value[0];
        mails.push({
          id: next++,
          from: parsed.from?.text ?? "",
          fromName: sender?.name ?? "",
          fromAddress: sender?.address ?? "",
          replyTo: parsed.replyTo?.value[0]?.address ?? "",
          to: session.envelope.rcptTo.map((r) => r.address),
          subject: parsed.subject ?? "",
          text: parsed.text ?? "",
          html: parsed.html || "",
          headers: parsed.headers,
          receivedAt: new Date().toISOString(),
        });
        if (mails.length > KEEP) mails.shift();
        for (const w of waiters) w();
        callback();
      }, (error) => callback(error));
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, "127.0.0.1", () => resolve());
  });
  const address = server.server.address() as { port: number };
  return {
    url: `smtp://127.0.0.1:${address.port}`,
    mails,
    waitFor(predicate, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = mails.find(predicate);
          if (!found) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`No matching mail within ${timeoutMs} ms`));
        }, timeoutMs);
        if (!check()) waiters.add(check);
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
