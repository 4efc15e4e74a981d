import { inspect } from "node:util";
import { KrakenFuturesError } from "@kraken-futures/auth";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  AuthenticationError,
  HttpError,
  InvalidArgumentError,
  KrakenApiError,
  NetworkError,
  RateLimitError,
  TimeoutError,
  UnexpectedResponseError,
  ValidationError,
} from "../../src/errors.js";
import { tradingApi } from "../../src/generated/trading.operations.gen.js";
import { createRestClient, type RestClient } from "../../src/rest-client.js";
import {
  API_KEY,
  API_SECRET,
  type Handler,
  krakenError,
  startServer,
  type TestServer,
} from "../fixtures/server.js";

let server: TestServer;
let client: RestClient;
beforeEach(async () => {
  server = await startServer(tradingApi);
  client = createRestClient({
    origin: server.origin,
    credentials: { apiKey: API_KEY, apiSecret: API_SECRET },
    retry: false,
    timeoutMs: 200,
  });
});
afterEach(async () => {
  await server.close();
});

const sendOrder = () =>
  client.POST("/sendorder", {
    params: { query: { orderType: "lmt", symbol: "PF_XBTUSD", side: "buy", size: 1, limitPrice: 64000 } },
  });

async function failureOf(handler: Handler, call: () => Promise<unknown> = sendOrder): Promise<Error> {
  server.handle("POST /sendorder", handler);
  server.handle("GET /openpositions", handler);
  try {
    await call();
  } catch (error) {
    return error as Error;
  }
  throw new Error("the call did not fail");
}

/** No credential, nor the signature sent, in any text form of the error. */
function expectNoSecrets(error: Error) {
  const authent = String(server.received.at(-1)?.headers["authent"] ?? "");
  const texts = [
    error.message,
    String(error),
    JSON.stringify(error),
    inspect(error, { depth: 5 }),
    error.stack ?? "",
  ];
  for (const text of texts) {
    expect(text).not.toContain(API_SECRET);
    expect(text).not.toContain(API_KEY);
    if (authent) expect(text).not.toContain(authent);
  }
}

const cases: Array<[string, Handler, new (...args: never[]) => Error, string | undefined]> = [
  [
    "authenticationError",
    () => krakenError("authenticationError"),
    AuthenticationError,
    "authenticationError",
  ],
  [
    "nonceBelowThreshold",
    () => krakenError("nonceBelowThreshold"),
    AuthenticationError,
    "nonceBelowThreshold",
  ],
  ["nonceDuplicate", () => krakenError("nonceDuplicate"), AuthenticationError, "nonceDuplicate"],
  ["apiLimitExceeded", () => krakenError("apiLimitExceeded"), RateLimitError, "apiLimitExceeded"],
  ["invalidArgument", () => krakenError("invalidArgument"), InvalidArgumentError, "invalidArgument"],
  [
    "requiredArgumentMissing",
    () => krakenError("requiredArgumentMissing"),
    InvalidArgumentError,
    "requiredArgumentMissing",
  ],
  ["Json Parse Error", () => krakenError("Json Parse Error"), InvalidArgumentError, "Json Parse Error"],
  ["marketUnavailable", () => krakenError("marketUnavailable"), KrakenApiError, "marketUnavailable"],
  [
    "an `errors` list",
    () => ({
      body: JSON.stringify({
        result: "error",
        serverTime: "2026-11-21T10:00:00Z",
        errors: [{ code: 87, message: "Invalid symbol" }],
      }),
    }),
    KrakenApiError,
    "87",
  ],
  [
    "{error: Unavailable} without result",
    () => ({ body: '{"error":"Unavailable"}' }),
    KrakenApiError,
    "Unavailable",
  ],
  [
    "a 401 with Kraken's envelope",
    () => krakenError("authenticationError", 401),
    AuthenticationError,
    "authenticationError",
  ],
  ["HTTP 404 with other JSON", () => ({ status: 404, body: '{"message":"no route"}' }), HttpError, undefined],
  ["HTTP 503 with an empty body", () => ({ status: 503, body: "" }), HttpError, undefined],
  [
    "an HTML 502 page",
    () => ({
      status: 502,
      body: "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>cloudflare</center></body></html>",
      headers: { "content-type": "text/html" },
    }),
    UnexpectedResponseError,
    undefined,
  ],
  [
    "truncated JSON under 200",
    () => ({ body: '{"result":"success","sendSt' }),
    UnexpectedResponseError,
    undefined,
  ],
  ["a hung server", () => "hang", TimeoutError, undefined],
  ["a reset connection", () => "reset", NetworkError, undefined],
];

describe("each error class from a real-looking answer", () => {
  for (const [name, handler, type, code] of cases) {
    it(`${name} -> ${type.name}`, async () => {
      const error = await failureOf(handler);
      expect(error).toBeInstanceOf(type);
      expect(error).toBeInstanceOf(KrakenFuturesError);
      expect(error.name).toBe(type.name);
      expect(error.message).toContain("POST /sendorder");
      if (code !== undefined) expect((error as KrakenApiError).error).toBe(code);
      expectNoSecrets(error);
    });
  }

  it("keeps a short snippet of an HTML page", async () => {
    const page = `<html><body>${"x".repeat(5000)}</body></html>`;
    const error = (await failureOf(() => ({ status: 500, body: page }))) as UnexpectedResponseError;
    expect(error.status).toBe(500);
    expect(error.bodySnippet.startsWith("<html><body>xxx")).toBe(true);
    expect(error.bodySnippet.length).toBeLessThanOrEqual(201);
  });

  it("an unknown Kraken code is still a KrakenApiError with that code", async () => {
    const error = (await failureOf(() => krakenError("somethingNew"))) as KrakenApiError;
    expect(error.constructor).toBe(KrakenApiError);
    expect(error.error).toBe("somethingNew");
  });

  it("a null argument -> ValidationError, before sending", async () => {
    const error = await failureOf(
      () => krakenError("unused"),
      () =>
        client.POST("/sendorder", {
          params: { query: { orderType: "lmt", symbol: null as unknown as string, side: "buy", size: 1 } },
        }),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect(server.received.length).toBe(0);
    expectNoSecrets(error);
  });

  it("a user abort rejects with the signal's reason, not a TimeoutError", async () => {
    const controller = new AbortController();
    server.handle("GET /openpositions", () => "hang");
    const pending = client.GET("/openpositions", { signal: controller.signal, timeoutMs: 0 });
    setTimeout(() => controller.abort(), 20);
    const error = await pending.catch((e: unknown) => e);
    expect((error as Error).name).toBe("AbortError");
  });

  it("a refused connection -> NetworkError", async () => {
    const closed = await startServer(tradingApi);
    const origin = closed.origin;
    await closed.close();
    const offline = createRestClient({ origin, retry: false });
    const error = await offline.GET("/tickers").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).message).toContain("GET /tickers");
  });
});
