/**
 * Debian's Chromium driven by playwright-core, and the check every visited page must pass:
 * no axe violation of WCAG 2.1 A/AA and nothing refused by the Content-Security-Policy. Each
 * checked page is also saved as a screenshot under `/tmp/guichet-shots/` for a person to look at.
 */
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { AxeBuilder } from "@axe-core/playwright";
import * as assert from "uvu/assert";
import { CHROMIUM } from "./browser_setup.ts";
import { type ServedInstance, startServedInstance } from "./served_instance.ts";
import { ensureUiBuilt } from "../../core/setup.ts";

export const SHOTS_DIR = "/tmp/guichet-shots";

export async function launchBrowser(): Promise<Browser> {
  await Deno.mkdir(SHOTS_DIR, { recursive: true });
  return await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
      "--lang=fr-FR", // dates and numbers in inputs as a French instructeur sees them
    ],
  });
}

/**
 * Runs axe on the page as it is now, asserts no violation and no Content-Security-Policy
 * refusal in the console since the page was opened, and saves a screenshot.
 */
export async function checkPage(page: Page, name: string): Promise<void> {
  const refused = (await page.consoleMessages()).map((m) => m.text())
    .filter((text) => /Content Security Policy/i.test(text));
  if (refused.length > 0) console.log(`\nCSP refusals on "${name}":\n${refused.join("\n")}`);
  assert.is(refused.length, 0, `${refused.length} CSP refusal(s) on "${name}"`);
  await page.screenshot({ path: `${SHOTS_DIR}/${name}.png`, fullPage: true });
  const { violations } = await new AxeBuilder({ page })
    // Only violations are detailed (less to serialize); options() first, as it replaces
    // the run options that withTags() sets.
    .options({ resultTypes: ["violations"] })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  if (violations.length > 0) {
    const report = violations.map((v) =>
      `- ${v.id} (${v.impact}): ${v.help}\n${
        v.nodes.map((n) => `    ${n.target.join(" ")}: ${n.failureSummary}`).join("\n")
      }`
    ).join("\n");
    console.log(`\nAccessibility violations on "${name}" (${page.url()}):\n${report}`);
  }
  assert.is(violations.length, 0, `${violations.length} axe violation(s) on "${name}"`);
}

/** The first `http…` link of an e-mail's text. */
export function linkIn(text: string): string {
  const m = /https?:\/\/\S+/.exec(text);
  if (!m) throw new Error(`No link in mail text "${text.slice(0, 80)}"`);
  return m[0];
}

/** What a browser suite keeps: its browser, the contexts it opened, the served instance. */
export interface BrowserSuite {
  readonly browser: Browser;
  readonly contexts: BrowserContext[];
  readonly served: { readonly baseUrl: string };
}

/**
 * A page in a fresh context (its own cookies), in French, on the served instance, waiting at
 * most 10 s for anything; the context is closed with the suite's.
 */
export async function newPage(
  ctx: BrowserSuite,
  viewport: { width: number; height: number } = { width: 1280, height: 860 },
): Promise<Page> {
  const context = await ctx.browser.newContext({
    baseURL: ctx.served.baseUrl,
    locale: "fr-FR",
    viewport,
  });
  context.setDefaultTimeout(10_000);
  ctx.contexts.push(context);
  return await context.newPage();
}

/** Waits for the page's `<h1>`. */
export const heading = (page: Page, name: string | RegExp) =>
  page.getByRole("heading", { level: 1, name }).waitFor();

/** What a browser suite opens for its tests and closes after them. */
export interface OpenedBrowserSuite {
  served: ServedInstance;
  browser: Browser;
  contexts: BrowserContext[];
}

/**
 * A suite's `before`: builds the UI if its sources changed, serves a fresh instance and opens
 * Chromium. A failure is printed, since uvu counts the suite's tests as failed but says
 * nothing of a hook's error.
 */
export async function openBrowserSuite(ctx: OpenedBrowserSuite): Promise<void> {
  ctx.contexts = [];
  try {
    assert.ok(await ensureUiBuilt(), "the UI must build");
    ctx.served = await startServedInstance();
    ctx.browser = await launchBrowser();
  } catch (error) {
    console.error("\nThe browser tests could not start:", error);
    throw error;
  }
}

/** A suite's `after`: closes its pages' contexts, the browser and the instance. */
export async function closeBrowserSuite(ctx: OpenedBrowserSuite): Promise<void> {
  for (const context of ctx.contexts ?? []) await context.close();
  await ctx.browser?.close();
  await ctx.served?.stop();
}
