// Rendered docs: each page of docs/build/ opens in headless Debian Chromium, lists every operation (and,
// for the WebSocket page, every message with its examples), and leaves a screenshot next to it.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LAUNCH_ARGS } from "../../scripts/browser-pages.mjs";
import { needsTools, toolPath } from "../../scripts/tools.mjs";
import { ASYNCAPI_DOCUMENTS, buildDocs } from "../scripts/build-docs.mjs";
import { docsBuildDir, OPENAPI_DOCUMENTS, readBundled } from "../scripts/paths.mjs";

// Redocly's page hydrates with Redoc's bundle from its CDN; the same version ships inside @redocly/cli,
// so the browser gets it from disk and nothing leaves the machine.
const require = createRequire(import.meta.url);
const redocBundle = join(
  dirname(require.resolve("@redocly/cli/package.json")),
  "lib/chunks/redoc.standalone.js",
);
const REDOC_CDN = /^https:\/\/cdn\.redocly\.com\/redoc\/v[\d.]+\/bundles\/redoc\.standalone\.js/;

let browser: Browser;
let built: Awaited<ReturnType<typeof buildDocs>>;

beforeAll(async () => {
  built = await buildDocs();
  browser = await chromium.launch({ executablePath: toolPath("chromium"), args: LAUNCH_ARGS });
});
afterAll(async () => {
  await browser?.close();
});

/** Opens a page with every non-file request answered locally or refused; returns the page and its errors. */
async function open(file: string): Promise<{ page: Page; errors: string[]; blocked: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors: string[] = [];
  const blocked: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith("file://")) return route.continue();
    if (REDOC_CDN.test(url)) {
      return route.fulfill({ contentType: "text/javascript", body: readFileSync(redocBundle) });
    }
    blocked.push(url);
    return route.abort();
  });
  await page.goto(pathToFileURL(join(docsBuildDir, file)).href, { waitUntil: "load" });
  return { page, errors, blocked };
}

function operationIds(surface: string): string[] {
  const doc = readBundled(`${surface}.openapi.json`);
  const ids: string[] = [];
  for (const item of Object.values(doc.paths) as Record<string, { operationId?: string }>[]) {
    for (const op of Object.values(item))
      if (op && typeof op === "object" && op.operationId) ids.push(op.operationId);
  }
  return ids;
}

// Outside CI, skipped when Chromium is not on PATH (file-level hooks do not run for skipped tests).
describe("rendered docs in Chromium", needsTools(["chromium"]), () => {
  it.each(OPENAPI_DOCUMENTS)("%s.html (redocly build-docs) lists every operation", async (surface) => {
    const ids = operationIds(surface);
    expect(ids.length).toBeGreaterThan(0);
    const { page, errors, blocked } = await open(`${surface}.html`);
    // Redoc 3's navigation holds one collapsed group per tag (`<a href="/<tag>">`); opening a group lists
    // its operations as `#/<tag>/<operationid>`. Open every group, then read the links.
    await page.waitForSelector('a[data-discover][href^="/"]', { timeout: 30_000 });
    for (const group of await page
      .locator('a[data-discover][href^="/"]:has([data-testid="menu-item-label"])')
      .all()) {
      await group.click();
    }
    await page.waitForTimeout(300);
    const hrefs: string[] = await page.$$eval("a[href]", (as) => as.map((a) => a.getAttribute("href") ?? ""));
    const listed = new Set(hrefs.filter((h) => h.startsWith("#/")).map((h) => h.split("#")[1].split("/")[2]));
    expect(ids.filter((id) => !listed.has(id.toLowerCase()))).toEqual([]);
    expect(errors).toEqual([]);
    console.log(
      `${surface}.html: ${ids.length} operations listed; refused ${blocked.length} outside requests`,
    );
    await page.screenshot({ path: join(docsBuildDir, `${surface}.png`) });
    await page.close();
  });

  it.each(ASYNCAPI_DOCUMENTS)(
    "%s.html (our AsyncAPI page) lists every channel, operation and message with payload fields and examples",
    async (surface) => {
      const doc = readBundled(`${surface}.asyncapi.json`);
      const { page, errors } = await open(`${surface}.html`);
      const ids = (selector: string) => page.$$eval(selector, (els) => els.map((e) => e.id));
      const operations = Object.keys(doc.operations);
      const messages = Object.keys(doc.components.messages);
      const channels = Object.keys(doc.channels);
      expect(await ids("tr.operation")).toEqual(operations.map((o) => `operation-${o}`));
      expect(await ids("section.message")).toEqual(messages.map((m) => `message-${m}`));
      expect(await ids("section.channel")).toEqual(channels.map((c) => `channel-${c}`));
      expect(built[surface as "ws" | "uws"].operations).toEqual(operations);

      // Each message shows its payload fields, and one rendered block per example of the document.
      const perMessage = await page.$$eval("section.message", (els) =>
        els.map((e) => ({
          id: e.id.replace(/^message-/, ""),
          fields: e.querySelectorAll("table.fields tbody tr").length,
          examples: e.querySelectorAll("figure pre").length,
        })),
      );
      for (const m of perMessage) {
        const message = doc.components.messages[m.id];
        expect(m.fields, m.id).toBeGreaterThan(0);
        expect(m.examples, m.id).toBe((message.examples ?? []).length);
      }
      // Every in-page link leads to something on the page (channel and operation message lists included).
      const dangling = await page.$$eval('a[href^="#"]', (as) =>
        as.map((a) => a.getAttribute("href") ?? "").filter((h) => !document.getElementById(h.slice(1))),
      );
      expect(dangling).toEqual([]);
      // Visible in the navigation, not only present in the DOM.
      for (const name of messages) {
        expect(await page.isVisible(`nav a[href="#message-${name}"]`), name).toBe(true);
      }
      expect(errors).toEqual([]);
      await page.screenshot({ path: join(docsBuildDir, `${surface}.png`) });
      await page.close();
    },
  );

  it("uws.html lists every channel and method of Kraken's Unified WebSocket reference", async () => {
    // Kept here, not read from the document: the page must show what the reference lists.
    const channels = ["book", "ticker", "trade", "instrument", "level3", "heartbeat"].concat([
      "executions",
      "balances",
      "margin",
      "positions",
      "ledgers",
      "preferences",
    ]);
    const methods = ["ping", "add_order", "amend_order", "cancel_order", "cancel_all"].concat([
      "cancel_all_orders_after",
      "batch_add",
      "batch_cancel",
      "set_preference",
    ]);
    const { page, errors } = await open("uws.html");
    const kinds = await page.$$eval("section.channel", (els) =>
      Object.fromEntries(els.map((e) => [e.id, e.querySelector(".channel-kind")?.textContent ?? ""])),
    );
    for (const c of channels) expect(kinds[`channel-${c}`], c).toMatch(/^channel, (public|private)/);
    for (const m of methods) expect(kinds[`channel-${m}`], m).toMatch(/^method, (public|private)/);
    // subscribe and unsubscribe are operations on each channel.
    const operations = await page.$$eval("tr.operation", (els) => els.map((e) => e.id));
    for (const c of channels.filter((c) => c !== "heartbeat")) {
      const name = c[0]?.toUpperCase() + c.slice(1);
      expect(operations, c).toEqual(
        expect.arrayContaining([`operation-subscribe${name}`, `operation-unsubscribe${name}`]),
      );
    }
    expect(await page.isVisible('nav a[href="#channel-set_preference"]')).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });
});
