/**
 * Nonce order at arrival (issue 12, item 4): concurrent signed calls of one key draw nonces in
 * order, and the exchange must receive them in that order, whatever socket each one takes. The mock
 * in strict mode (`nonceWindowMs: 0`) refuses any nonce not above the highest it has seen; in its
 * default mode it tolerates disorder for `DEFAULT_NONCE_WINDOW_MS`.
 */
import { DEFAULT_NONCE_WINDOW_MS, manualClock } from "@kraken-futures/mock";
import { afterEach, describe, expect, it } from "vitest";
import { createRestClient } from "../../src/rest-client.js";
import type { Fetch } from "../../src/transport/types.js";
import { DEFAULT_TEST_KEY, type MockExchange, startMockExchange } from "../fixtures/mock.js";

let mock: MockExchange | undefined;
afterEach(async () => {
  await mock?.stop();
  mock = undefined;
});

const STRICT = { nonceWindowMs: 0 };
const order = { orderType: "lmt", symbol: "PF_XBTUSD", side: "buy", size: 1, limitPrice: 1000 } as const;

/** Sends 20 sendorders at once; returns the error code of each as the mock answered it. */
async function burst(
  options: { fetch?: Fetch; orderSignedCalls?: boolean; middleware?: boolean; clients?: number } = {},
) {
  const { middleware, clients: count = 1, ...clientOptions } = options;
  const clients = Array.from({ length: count }, () =>
    createRestClient({ origin: mock!.origin, credentials: DEFAULT_TEST_KEY, retry: false, ...clientOptions }),
  );
  // Any middleware moves calls to openapi-fetch's path, which signs the final Request.
  if (middleware) for (const client of clients) client.use({ onRequest: ({ request }) => request });
  await Promise.allSettled(
    Array.from({ length: 20 }, (_, i) =>
      clients[i % count]!.POST("/sendorder", { params: { query: order } }),
    ),
  );
  return mock!.requests.filter((r) => r.operationId === "sendOrder").map((r) => r.error);
}

const nonceRefusals = (errors: (string | undefined)[]) =>
  errors.filter((e) => e === "nonceBelowThreshold" || e === "nonceDuplicate").length;

/**
 * A fetch whose pool delivers out of order, as connections of different ages do: it holds the
 * requests handed to it until an event-loop turn passes without a new one, then sends the held ones
 * last first. A client that hands it one signed request at a time loses nothing to it.
 */
function reorderingFetch(): Fetch {
  let held: { request: Request; resolve: (r: Promise<Response>) => void }[] = [];
  let count = 0;
  const flushWhenQuiet = (seen: number) => {
    setImmediate(() => {
      if (count !== seen) return flushWhenQuiet(count);
      const batch = held.reverse();
      held = [];
      for (const { request, resolve } of batch) resolve(globalThis.fetch(request));
    });
  };
  return (request) =>
    new Promise<Response>((resolve) => {
      held.push({ request, resolve });
      count++;
      if (held.length === 1) flushWhenQuiet(count);
    });
}

describe("20 concurrent signed sendorders against the mock in strict mode", () => {
  it("node:http fast path: none is refused for nonce order", async () => {
    mock = await startMockExchange(STRICT);
    const errors = await burst();
    expect(errors).toHaveLength(20);
    expect(nonceRefusals(errors)).toBe(0);
    expect(errors.every((e) => e === undefined)).toBe(true);
  });

  it("global fetch: none is refused for nonce order", async () => {
    mock = await startMockExchange(STRICT);
    const errors = await burst({ fetch: (request) => globalThis.fetch(request) });
    expect(errors).toHaveLength(20);
    expect(nonceRefusals(errors)).toBe(0);
  });

  it("a fetch whose pool reorders requests: none is refused for nonce order", async () => {
    mock = await startMockExchange(STRICT);
    const errors = await burst({ fetch: reorderingFetch() });
    expect(errors).toHaveLength(20);
    expect(nonceRefusals(errors)).toBe(0);
  });

  it("the middleware path, on node:http and on the reordering fetch: none is refused", async () => {
    mock = await startMockExchange(STRICT);
    await burst({ middleware: true });
    const errors = await burst({ middleware: true, fetch: reorderingFetch() });
    expect(errors).toHaveLength(40);
    expect(nonceRefusals(errors)).toBe(0);
  });

  it("four clients of the same key, sharing one reordering pool: none is refused", async () => {
    mock = await startMockExchange(STRICT);
    const errors = await burst({ clients: 4, fetch: reorderingFetch() });
    expect(errors).toHaveLength(20);
    expect(nonceRefusals(errors)).toBe(0);
  });

  it("(control) the same reordering pool with orderSignedCalls: false: 19 of 20 refused", async () => {
    mock = await startMockExchange(STRICT);
    const errors = await burst({ fetch: reorderingFetch(), orderSignedCalls: false });
    expect(errors).toHaveLength(20);
    expect(nonceRefusals(errors)).toBe(19);
  });
});

describe("the mock's default tolerance window", () => {
  // The exchange's clock stands still during the burst, so the whole burst arrives within the
  // window whatever the machine's load (the window's edge is tested in the mock's own tests).
  it(`accepts the reordered burst when it arrives within ${DEFAULT_NONCE_WINDOW_MS} ms`, async () => {
    mock = await startMockExchange({ clock: manualClock() });
    const errors = await burst({ fetch: reorderingFetch(), orderSignedCalls: false });
    expect(errors).toHaveLength(20);
    expect(nonceRefusals(errors)).toBe(0);
  });
});

describe("the turn passes when the headers arrive, not when the body ends", () => {
  it("a signed call streaming a long body does not hold back the next signed call of the key", async () => {
    const { createServer } = await import("node:http");
    let secondArrived!: () => void;
    const second = new Promise<void>((resolve) => {
      secondArrived = resolve;
    });
    let count = 0;
    const server = createServer((req, res) => {
      count++;
      res.writeHead(200, { "content-type": "application/json" });
      if (count === 1) {
        // Headers and half a body, then the rest only once the next signed call has arrived.
        res.write('{"result":"success",');
        second.then(() => res.end('"accounts":{}}'));
      } else {
        secondArrived();
        res.end('{"result":"success","accounts":{}}');
      }
      req.resume();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    try {
      const client = createRestClient({ origin: `http://127.0.0.1:${port}`, credentials: DEFAULT_TEST_KEY });
      const answers = await Promise.all([client.GET("/accounts"), client.GET("/accounts")]);
      expect(answers.map((a) => a.data.result)).toEqual(["success", "success"]);
      expect(count).toBe(2);
    } finally {
      server.close();
    }
  }, 10_000);
});
