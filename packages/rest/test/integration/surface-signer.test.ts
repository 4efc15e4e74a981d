/**
 * `createApiClient(api, options, { signer })`: a surface that signs its own way (Kraken Spot writes the
 * nonce into the body) gets the drawn nonce and the call's arguments, and what it returns is what is
 * sent, on both paths. The Trading table and test server stand in: the signer here rewrites the body
 * and signs the result with Futures' Authent, which the server verifies over the bytes it received.
 */
import { parseCredentials, signRequest } from "@kraken-futures/auth";
import type { Middleware } from "openapi-fetch";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createApiClient } from "../../src/client.js";
import { MissingCredentialsError } from "../../src/errors.js";
import type { paths } from "../../src/generated/trading.gen.js";
import { tradingApi } from "../../src/generated/trading.operations.gen.js";
import type { SurfaceSigner, UnsignedRequest } from "../../src/signing.js";
import { API_KEY, API_SECRET, startServer, type TestServer } from "../fixtures/server.js";

let server: TestServer;
beforeEach(async () => {
  server = await startServer(tradingApi);
});
afterEach(async () => {
  await server.close();
});

const credentials = parseCredentials({ apiKey: API_KEY, apiSecret: API_SECRET });
const noop: Middleware = { onRequest: ({ request }) => request };

describe.each(["fast path", "middleware path"] as const)("a surface signer on the %s", (route) => {
  it("receives the nonce and arguments, and its body and headers are what is sent", async () => {
    const seen: UnsignedRequest[] = [];
    const signer: SurfaceSigner = async (request) => {
      seen.push(request);
      const body = `${request.body}&cliOrdIds=signer-${request.nonce}`;
      const authent = await signRequest({
        endpointPath: request.pathname,
        postData: body,
        nonce: request.nonce,
        secret: credentials,
      });
      return { headers: { apikey: API_KEY, authent, nonce: request.nonce }, body };
    };
    // No `credentials` option: the surface's signer stands for them.
    const client = createApiClient<paths>(
      tradingApi,
      { origin: server.origin, nonce: () => "42" },
      { signer },
    );
    if (route === "middleware path") client.use(noop);
    await client.POST("/orders/status", { body: { cliOrdIds: ["a"] } });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({
      method: "POST",
      pathname: "/derivatives/api/v3/orders/status",
      query: "",
      body: "cliOrdIds=a",
      args: { cliOrdIds: ["a"] },
      nonce: "42",
    });
    const [received] = server.received;
    expect(received!.body).toBe("cliOrdIds=a&cliOrdIds=signer-42");
    expect(received!.authentOk).toBe(true);
  });
});

describe("a signer that answers at once (no promise)", () => {
  it("signs what is sent, and the call reaches the transport in the caller's tick", async () => {
    let signedAt = -1;
    let tick = 0;
    const signer: SurfaceSigner = (request) => {
      signedAt = tick;
      // The fixture server checks Authent; a made-up one would fail there, so reuse a real signature.
      return { headers: { apikey: API_KEY, authent: precomputed.get(request.nonce)!, nonce: request.nonce } };
    };
    const precomputed = new Map<string, string>();
    precomputed.set(
      "7",
      await signRequest({
        endpointPath: "/derivatives/api/v3/orders/status",
        postData: "cliOrdIds=a",
        nonce: "7",
        secret: credentials,
      }),
    );
    const client = createApiClient<paths>(
      tradingApi,
      { origin: server.origin, nonce: () => "7" },
      { signer },
    );
    const pending = client.POST("/orders/status", { body: { cliOrdIds: ["a"] } });
    tick = 1;
    // Signed before POST returned: no promise hop between the call and the signer.
    expect(signedAt).toBe(0);
    const answer = await pending;
    expect(answer.response.status).toBe(200);
    expect(server.received[0]!.authentOk).toBe(true);
  });

  it("a signer that throws fails the call with its error and sends nothing", async () => {
    const signer: SurfaceSigner = () => {
      throw new Error("no key in the HSM");
    };
    const client = createApiClient<paths>(
      tradingApi,
      { origin: server.origin, nonce: () => "1" },
      { signer },
    );
    await expect(client.POST("/orders/status", { body: { cliOrdIds: ["a"] } })).rejects.toThrow(
      "no key in the HSM",
    );
    expect(server.received).toHaveLength(0);
    // The key's turn was passed on: the next call is not stuck behind the failed one.
    await expect(client.POST("/orders/status", { body: { cliOrdIds: ["a"] } })).rejects.toThrow(
      "no key in the HSM",
    );
  });
});

it("without credentials or a surface signer, a signed call throws MissingCredentialsError", async () => {
  const client = createApiClient<paths>(tradingApi, { origin: server.origin });
  await expect(client.POST("/orders/status", { body: { cliOrdIds: ["a"] } })).rejects.toBeInstanceOf(
    MissingCredentialsError,
  );
  expect(server.received).toHaveLength(0);
});
