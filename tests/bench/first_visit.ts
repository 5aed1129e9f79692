/**
 * `deno task bench first-visit` (also the last part of `deno task bench`): Guichet on a
 * citizen's phone. Debian's Chromium, driven through playwright-core, on a link throttled by
 * the DevTools protocol (`Network.emulateNetworkConditions`: 150 ms of latency, 1.6 Mbit/s
 * down, 750 kbit/s up), opens:
 *
 * - `/commencer/<path>` for the first time (empty cache): bytes transferred and time from the
 *   navigation's start until the page's `<h1>` is shown;
 * - an instructeur's dashboard (`/instruction/demarches/<id>`), warm (visited once before):
 *   time until its `<h1>` and its table of dossiers are shown, and how many tRPC round trips
 *   ran one after another before that.
 *
 * Each case runs `--runs=5` times; the median is printed with its target and PASS or FAIL;
 * `--waterfall` prints every request's timing.
 * Exits 0 once measured: it is a report. The instance is a real one serving `ui/dist`
 * (`deno task build` first).
 */
import type { BrowserContext, CDPSession, Page } from "playwright-core";
import { launchBrowser } from "../helpers/browser.ts";
import { browserPath } from "../helpers/browser_setup.ts";
import { Hono } from "hono";
import { serveUi } from "../../core/ui_files.ts";
import { securityHeaders } from "../../core/security_headers.ts";
import { startTestInstance, type TestInstance } from "../helpers/instance.ts";
import { invitedAgent } from "../helpers/people.ts";
import { signedUpAgent, superAdminAgent } from "../helpers/instance.ts";
import { publishedDemarche } from "../helpers/demarche.ts";
import { median } from "./micro.ts";
import { servedBy } from "../../core/http_body.ts";

/** The slow mobile link of issue 13, in the protocol's units (ms, bytes per second). */
export const SLOW_LINK = {
  offline: false,
  latency: 150,
  downloadThroughput: 1_600_000 / 8,
  uploadThroughput: 750_000 / 8,
};

const TARGETS = {
  /** A first visit of a démarche's page shows its title within a second. */
  coldMs: 1000,
  /** What a first visit may download: HTML, scripts, styles and answers, compressed. */
  coldKb: 150,
  /** Warm, the dashboard needs the HTML's round trip and one more for its data. */
  warmMs: 500,
  warmRoundTrips: 1,
} as const;

const PATH = "titre-navigation";
const INSTRUCTEUR = "marc@mairie.fr";

interface Visit {
  /** Milliseconds from the navigation's start until the page was ready. */
  readonly ms: number;
  /** Bytes received over the network (headers included), as the protocol counts them. */
  readonly bytes: number;
  readonly requests: number;
  /** tRPC requests that waited for an earlier one to finish (a chain), before ready. */
  readonly trpcRoundTrips: number;
}

/**
 * Records, in the page itself, when `selector` first matches: an observer installed before
 * any of the page's scripts (through the protocol, which the CSP does not restrict).
 */
function watchFor(selector: string): string {
  return `(() => {
    const check = () => {
      if (window.__readyAt === undefined && document.querySelector(${JSON.stringify(selector)})) {
        window.__readyAt = performance.now();
      }
    };
    new MutationObserver(check).observe(document, { childList: true, subtree: true });
  })();`;
}

/** Counts bytes, requests and the chain of tRPC calls of one navigation. */
function recordNetwork(cdp: CDPSession) {
  const started = new Map<string, { url: string; at: number }>();
  const finished: { url: string; start: number; end: number; bytes: number }[] = [];
  cdp.on("Network.requestWillBeSent", (e) => {
    started.set(e.requestId, { url: e.request.url, at: e.timestamp });
  });
  cdp.on("Network.loadingFinished", (e) => {
    const s = started.get(e.requestId);
    if (s) finished.push({ url: s.url, start: s.at, end: e.timestamp, bytes: e.encodedDataLength });
  });
  return {
    reset() {
      started.clear();
      finished.length = 0;
    },
    /** Each request since the last `reset`: ms from the first one's start, to its end. */
    waterfall(): string[] {
      const t0 = Math.min(...finished.map((f) => f.start));
      return [...finished].sort((a, b) => a.start - b.start).map((f) =>
        `${((f.start - t0) * 1000).toFixed(0).padStart(6)} → ${
          ((f.end - t0) * 1000).toFixed(0).padStart(6)
        } ms ${String(f.bytes).padStart(7)} B  ${new URL(f.url).pathname.slice(0, 60)}`
      );
    },
    /** What was fetched since the last `reset`. */
    summary(): Omit<Visit, "ms"> {
      const before = finished;
      const trpc = before.filter((f) => f.url.includes("/trpc/")).sort((a, b) => a.start - b.start);
      let chain = 0;
      let lastEnd = -Infinity;
      for (const call of trpc) {
        if (call.start >= lastEnd) {
          chain++;
          lastEnd = call.end;
        } else lastEnd = Math.min(lastEnd, call.end);
      }
      return {
        bytes: before.reduce((sum, f) => sum + f.bytes, 0),
        requests: before.length,
        trpcRoundTrips: chain,
      };
    },
  };
}

async function throttled(context: BrowserContext, selector: string) {
  await context.addInitScript({ content: watchFor(selector) });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", SLOW_LINK);
  return { page, cdp, network: recordNetwork(cdp) };
}

/** Opens `url` and waits until `selector` shows, as the page's own clock saw it. */
async function visit(
  page: Page,
  network: ReturnType<typeof recordNetwork>,
  url: string,
  selector: string,
): Promise<Visit> {
  network.reset();
  await page.goto(url, { waitUntil: "commit" });
  await page.locator(selector).first().waitFor({ timeout: 30_000 });
  const ms = await page.evaluate(() => (window as unknown as { __readyAt: number }).__readyAt);
  if (Deno.args.includes("--waterfall")) {
    console.log(`${url}: ready at ${ms.toFixed(0)} ms\n  ${network.waterfall().join("\n  ")}`);
  }
  return { ms, ...network.summary() };
}

/**
 * A real instance on a loopback port, its UI served from a copy of `ui/dist` taken now, so
 * a build running meanwhile (tests share the folder) cannot pull files from under the bench.
 */
async function serveCopy(): Promise<{ t: TestInstance; baseUrl: string; stop(): Promise<void> }> {
  const dist = new URL("../../ui/dist", import.meta.url).pathname;
  const copy = await Deno.makeTempDir({ prefix: "guichet-bench-ui-" });
  const cp = await new Deno.Command("cp", { args: ["-r", `${dist}/.`, copy] }).output();
  if (!cp.success) throw new Error("Cannot copy ui/dist: run « deno task build » first.");
  const target: { app?: TestInstance["app"] } = {};
  const ui = new Hono();
  ui.use(securityHeaders({ https: false }));
  serveUi(ui, copy);
  // As core/main.ts serves it: bodies framed by the server are read in one go.
  const toApp = servedBy((request: Request, info: Deno.ServeHandlerInfo) =>
    target.app!.fetch(request, info)
  );
  const server = Deno.serve(
    { port: 0, hostname: "127.0.0.1", onListen: () => {} },
    (request, info) => {
      const path = new URL(request.url).pathname;
      const api = /^\/(trpc|files|api|dossiers\/\d+\/)/.test(path);
      if (api && target.app) return toApp(request, info);
      return ui.fetch(request, info);
    },
  );
  const baseUrl = `http://127.0.0.1:${server.addr.port}`;
  const t = await startTestInstance({ serveUi: false, env: { BASE_URL: baseUrl } });
  target.app = t.app;
  return {
    t,
    baseUrl,
    async stop() {
      await server.shutdown();
      await t.stop();
      await Deno.remove(copy, { recursive: true });
    },
  };
}

export async function benchFirstVisit(opts: { runs: number }): Promise<number> {
  if (!browserPath()) {
    console.log("first visit: Chromium is missing (apt-get install chromium): not measured.");
    return 0;
  }
  const served = await serveCopy();
  const browser = await launchBrowser();
  try {
    const { t, baseUrl } = served;
    const admin = await superAdminAgent(t);
    const demarcheId = await publishedDemarche(admin, {
      titre: "Titre de navigation",
      path: PATH,
      form: {
        champs: [
          { stableId: "nom", type: "text", label: "Nom du bateau", mandatory: true },
          {
            stableId: "zone",
            type: "drop_down_list",
            label: "Zone de navigation",
            mandatory: true,
            options: { choices: ["Atlantique", "Manche"] },
          },
        ],
        annotations: [],
      },
      instructeurs: [INSTRUCTEUR],
    });
    const instructeur = await invitedAgent(t, INSTRUCTEUR);
    const usager = await signedUpAgent(t, "proprietaire@exemple.fr");
    for (let i = 0; i < 30; i++) {
      const { id } = await usager.trpc.usager.start.mutate({ path: PATH });
      await usager.trpc.usager.save.mutate({
        id,
        values: { nom: `Bateau ${i + 1}`, zone: i % 2 ? "Manche" : "Atlantique" },
      });
      await usager.trpc.usager.deposer.mutate({ id });
    }

    const cold: Visit[] = [];
    const h1 = "h1";
    for (let run = 0; run < opts.runs; run++) {
      const context = await browser.newContext({ baseURL: baseUrl, locale: "fr-FR" });
      const { page, network } = await throttled(context, h1);
      cold.push(await visit(page, network, `/commencer/${PATH}`, h1));
      await context.close();
    }

    const warm: Visit[] = [];
    const table = "main table tbody tr";
    const dashboard = `/instruction/demarches/${demarcheId}`;
    const [name, value] = instructeur.cookie.split("=");
    for (let run = 0; run < opts.runs; run++) {
      const context = await browser.newContext({ baseURL: baseUrl, locale: "fr-FR" });
      await context.addCookies([{ name, value, url: baseUrl }]);
      const { page, network } = await throttled(context, table);
      await visit(page, network, dashboard, table); // fills the cache
      await page.goto("about:blank");
      warm.push(await visit(page, network, dashboard, table));
      await context.close();
    }

    const mid = (visits: Visit[], key: keyof Visit) => median(visits.map((v) => v[key]));
    const line = (label: string, value: string, target: string, pass: boolean) =>
      console.log(
        `  ${label.padEnd(44)} ${value.padStart(10)}   ${target.padEnd(10)} ${
          pass ? "PASS" : "FAIL"
        }`,
      );
    console.log(
      `\nFirst visit on a slow mobile link (${SLOW_LINK.latency} ms, 1.6 Mbit/s down, ` +
        `750 kbit/s up), Chromium, median of ${opts.runs}:`,
    );
    console.log(`  ${"case".padEnd(44)} ${"value".padStart(10)}   target`);
    const coldKb = mid(cold, "bytes") / 1024;
    line(
      `/commencer/<path>, cold: time to <h1>`,
      `${mid(cold, "ms").toFixed(0)} ms`,
      `≤ ${TARGETS.coldMs} ms`,
      mid(cold, "ms") <= TARGETS.coldMs,
    );
    line(
      `/commencer/<path>, cold: bytes transferred`,
      `${coldKb.toFixed(0)} KB`,
      `≤ ${TARGETS.coldKb} KB`,
      coldKb <= TARGETS.coldKb,
    );
    line(`  requests`, `${mid(cold, "requests")}`, "", true);
    line(
      `dashboard, warm: time to <h1> and dossiers`,
      `${mid(warm, "ms").toFixed(0)} ms`,
      `≤ ${TARGETS.warmMs} ms`,
      mid(warm, "ms") <= TARGETS.warmMs,
    );
    line(
      `dashboard, warm: tRPC round trips in a chain`,
      `${mid(warm, "trpcRoundTrips")}`,
      `≤ ${TARGETS.warmRoundTrips}`,
      mid(warm, "trpcRoundTrips") <= TARGETS.warmRoundTrips,
    );
    line(
      `dashboard, warm: bytes transferred`,
      `${(mid(warm, "bytes") / 1024).toFixed(1)} KB`,
      "",
      true,
    );
    console.log(
      `  per run, cold ms: ${cold.map((v) => v.ms.toFixed(0)).join(" ")}; warm ms: ${
        warm.map((v) => v.ms.toFixed(0)).join(" ")
      }`,
    );
    return 0;
  } finally {
    await browser.close();
    await served.stop();
  }
}

if (import.meta.main) {
  const arg = Deno.args.find((a) => a.startsWith("--runs="));
  await benchFirstVisit({ runs: arg ? Number(arg.slice(7)) : 5 });
}
