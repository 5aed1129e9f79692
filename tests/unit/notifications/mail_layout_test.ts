import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import { mailFooter, mailHtml } from "../../../core/notifications/mail_layout.ts";

const layout = suite("e-mail layout");
const SERVICE = { nom: "Service <urbanisme>", organisme: "Ville", email: "u@ville.fr" };

layout("what someone typed is text in the HTML part, never markup", () => {
  const text = 'Son message :\n<script>alert(1)</script> & <img src="https://pixel.example/x.gif">';
  const html = mailHtml("Objet <b>", text + mailFooter(SERVICE), SERVICE);
  assert.not.match(html, /<script|<img|<b>/);
  assert.ok(html.includes("&#60;script&#62;alert(1)&#60;/script&#62; &#38; &#60;img"));
  assert.ok(html.includes("<title>Objet &#60;b&#62;</title>"));
  assert.ok(html.includes(">Service &#60;urbanisme&#62;</h1>"));
});

layout("links become <a>, without the sentence's punctuation, paragraphs stay", () => {
  const html = mailHtml(
    "Lien",
    "Bonjour,\n\nOuvrez https://guichet.fr/a?x=1&y=2.\nPuis (https://guichet.fr/b).",
    null,
  );
  assert.ok(html.includes('<a href="https://guichet.fr/a?x=1&amp;y=2"'), html);
  assert.ok(html.includes('<a href="https://guichet.fr/b"'), html);
  assert.match(html, /<p[^>]*>Bonjour,<\/p>/);
  assert.match(html, /y=2<\/a>\.<br>Puis \(<a /);
  assert.ok(html.includes(">Guichet</h1>"));
});

layout("the footer names whom to write to, or asks not to reply", () => {
  assert.match(
    mailFooter(SERVICE),
    /répondez à ce message : il sera transmis à .* \(u@ville\.fr\)/,
  );
  assert.match(mailFooter(null), /^\n\n—\nGuichet\n.*merci de ne pas y répondre\.$/);
  assert.match(mailFooter({ ...SERVICE, email: "" }), /merci de ne pas y répondre/);
});

layout.run();
