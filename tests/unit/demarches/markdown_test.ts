import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import { renderMarkdown } from "../../../core/demarches/markdown.ts";

const markdown = suite("markdown");

markdown("renderMarkdown() keeps formatting and safe links", () => {
  const html = renderMarkdown(
    "Pièces à fournir :\n\n- **carte grise**\n- [notice](https://exemple.fr/notice.pdf)",
  );
  assert.match(html, /<strong>carte grise<\/strong>/);
  assert.match(
    html,
    /<a href="https:\/\/exemple.fr\/notice.pdf" rel="noopener noreferrer">notice<\/a>/,
  );
});

markdown("renderMarkdown() removes scripts, event handlers and javascript: links", () => {
  const html = renderMarkdown(
    "<script>alert(1)</script><img src=x onerror=alert(1)> [x](javascript:alert(1)) <a href='#' onclick='y()'>z</a>",
  );
  assert.not.match(html, /<script|onerror|onclick|href="javascript:|<img/i);
  assert.not.match(renderMarkdown("[x](javascript:alert(1))"), /href="javascript:/);
});

markdown("renderMarkdown() turns a level-1 title into a level-2 one", () => {
  assert.match(renderMarkdown("# Titre"), /^<h2>Titre<\/h2>/);
});

markdown.run();
