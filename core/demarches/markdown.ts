/**
 * Markdown written by administrators (descriptions, messages) rendered to HTML on the
 * server and sanitized there: only text formatting and links survive, never scripts,
 * styles or images from elsewhere.
 */
import { marked } from "marked";
// @deno-types="@types/sanitize-html"
import sanitizeHtml from "sanitize-html";

const ALLOWED = {
  allowedTags: [
    "p",
    "br",
    "strong",
    "em",
    "ul",
    "ol",
    "li",
    "a",
    "h2",
    "h3",
    "h4",
    "blockquote",
    "code",
    "pre",
    "hr",
  ],
  allowedAttributes: { a: ["href", "title", "rel"] },
  allowedSchemes: ["https", "http", "mailto", "tel"],
  transformTags: {
    a: sanitizeHtml.simpleTransform("a", { rel: "noopener noreferrer" }),
    // A description's own titles sit below the page title.
    h1: "h2",
  },
};

/** Safe HTML for a markdown text. */
export function renderMarkdown(markdown: string): string {
  const html = marked.parse(markdown, { async: false, gfm: true, breaks: true });
  return sanitizeHtml(html, ALLOWED);
}
