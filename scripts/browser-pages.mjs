// What the browser smoke tests of several packages share: a loopback server of the test page and its
// bundle (the page loads `/client.js` as a module from the same origin), and Chromium's launch flags.
import { createServer } from "node:http";

/**
 * Chromium's flags that keep it quiet and offline in the browser tests (shared/reference/tooling.md); no
 * sandbox, as the CI container runs as root. Headless mode is Playwright's own `headless` option.
 */
export const LAUNCH_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * Serves `page` at `/` and `bundle` at `/client.js` on 127.0.0.1 (a free port); anything else is a 404.
 * @param {{ page: string, bundle: string }} files
 * @returns {Promise<{ origin: string, close: () => Promise<void> }>}
 */
export async function servePage({ page, bundle }) {
  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (path === "/client.js") {
      res.writeHead(200, { "content-type": "text/javascript" });
      res.end(bundle);
    } else if (path === "/") {
      res.writeHead(200, { "content-type": "text/html" });
      res.end(page);
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(undefined)));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve(undefined))),
  };
}
