/**
 * How an e-mail reads: who it comes from (the démarche's service, or the instance), the
 * footer every e-mail ends with, and its HTML part, made of the same text. An e-mail is not a
 * page: mail clients drop `<style>` and the site's CSP does not reach them, so the layout is
 * inline-styled, and it loads nothing from anywhere (no image, no font).
 */

/** The service an e-mail speaks for: its name and organisme, its contact address. */
export interface MailService {
  readonly nom: string;
  readonly organisme: string;
  readonly email: string;
}

/** The instance's name, signing the e-mails that are no service's (accounts, summaries). */
export const INSTANCE_NAME = "Guichet";

/** The end of every e-mail: who sends it, and whom to write to, if anyone. */
export function mailFooter(service: MailService | null): string {
  const name = service?.nom || INSTANCE_NAME;
  const contact = service?.email
    ? `Ce message est envoyé automatiquement. Pour toute question, répondez à ce message : il sera transmis à ${name} (${service.email}).`
    : "Ce message est envoyé automatiquement, merci de ne pas y répondre.";
  return `\n\n—\n${name}\n${contact}`;
}

const escape = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** Links in the text, up to a space; trailing punctuation is the sentence's, not the link's. */
const LINK = /https?:\/\/[^\s<>"]*[^\s<>".,;:!?)»]/g;

/** One line: escaped, its links made `<a>` (their address shown as it is). */
function line(text: string): string {
  let out = "";
  let last = 0;
  for (const m of text.matchAll(LINK)) {
    const url = escape(m[0]).replaceAll("&#38;", "&amp;");
    out += escape(text.slice(last, m.index)) +
      `<a href="${url}" style="color:#000091;text-decoration:underline">${url}</a>`;
    last = m.index + m[0].length;
  }
  return out + escape(text.slice(last));
}

const P = "margin:0 0 16px 0";

/**
 * The HTML part of an e-mail whose text part is `text`: the sender's name as heading, each
 * paragraph of the text, its links clickable; the footer set apart, smaller.
 */
export function mailHtml(
  subject: string,
  text: string,
  service: MailService | null,
): string {
  const [body, footer] = splitFooter(text);
  const paragraphs = (part: string, style: string) =>
    part.split(/\n{2,}/).filter((p) => p.trim()).map((p) =>
      `<p style="${style}">${p.split("\n").map(line).join("<br>")}</p>`
    ).join("\n");
  const heading = escape(service?.nom || INSTANCE_NAME);
  const organisme = service?.organisme && service.organisme !== service.nom
    ? `\n<p style="margin:4px 0 0 0;font-size:14px;color:#3a3a3a">${escape(service.organisme)}</p>`
    : "";
  return `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(subject)}</title>
</head>
<body style="margin:0;padding:0;background:#f6f6f6">
<div style="max-width:600px;margin:0 auto;padding:24px 16px;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#161616;background:#ffffff">
<div style="border-bottom:2px solid #000091;padding-bottom:12px;margin-bottom:24px">
<h1 style="margin:0;font-size:20px;color:#161616">${heading}</h1>${organisme}
</div>
<div>
${paragraphs(body, P)}
</div>
${
    footer
      ? `<div style="border-top:1px solid #dddddd;margin-top:24px;padding-top:12px;font-size:14px;color:#3a3a3a">
${paragraphs(footer, "margin:0 0 8px 0")}
</div>
`
      : ""
  }</div>
</body>
</html>`;
}

/** The text before the footer's dash line, and the footer (its lines, without the dash). */
function splitFooter(text: string): [string, string] {
  const at = text.lastIndexOf("\n\n—\n");
  return at < 0 ? [text, ""] : [text.slice(0, at), text.slice(at + 4).replace(/\n/, "\n\n")];
}
