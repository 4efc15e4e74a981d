/**
 * The challenge flow: a fresh challenge per request, valid only on the connection that asked for it and
 * only for the key it was issued to; private subscriptions need it signed with the key's secret (signed
 * here with node:crypto, independently of the server's `@kraken-futures/auth`).
 */
import { describe, expect, it } from "vitest";
import { DEFAULT_TEST_KEY } from "../../src/keys.js";
import {
  type Message,
  type RawClient,
  schemaErrors,
  signChallengeIndependently,
  useWsMock,
} from "./ws-helpers.js";

const OTHER_KEY = {
  apiKey: "second-test-key",
  apiSecret: Buffer.alloc(64, 7).toString("base64"),
};
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const bed = useWsMock({ keys: [DEFAULT_TEST_KEY, OTHER_KEY] });
const connect = () => bed.connect();

function subscribe(c: RawClient, fields: Message): void {
  c.send({ event: "subscribe", feed: "balances", ...fields });
}

const refused = (m: Message) =>
  m.event === "alert" && m.message === "Failed to subscribe to authenticated feed";

describe("challenge", () => {
  it("hands out a fresh uuid per request", async () => {
    const c = await connect();
    const first = await c.challenge(DEFAULT_TEST_KEY.apiKey);
    const second = await c.challenge(DEFAULT_TEST_KEY.apiKey);
    expect(first).toMatch(UUID);
    expect(second).toMatch(UUID);
    expect(second).not.toBe(first);
    expect(schemaErrors(c.of("challenge")[0]!)).toEqual([]);
    expect(bed.mock.ws.connections[0]!.challenges).toEqual([first, second]);
  });

  it("accepts a private subscription signed with the connection's challenge", async () => {
    const c = await connect();
    const challenge = await c.challenge(DEFAULT_TEST_KEY.apiKey);
    subscribe(c, {
      api_key: DEFAULT_TEST_KEY.apiKey,
      original_challenge: challenge,
      signed_challenge: signChallengeIndependently(challenge, DEFAULT_TEST_KEY.apiSecret),
    });
    await c.waitFor((m) => m.feed === "balances_snapshot");
    expect(c.of("subscribed")).toEqual([{ event: "subscribed", feed: "balances" }]);
    expect(c.messages.filter(refused)).toEqual([]);
  });

  it("refuses a stale challenge from another connection, even correctly signed", async () => {
    const old = await connect();
    const stale = await old.challenge(DEFAULT_TEST_KEY.apiKey);
    await old.close();
    const c = await connect();
    await c.challenge(DEFAULT_TEST_KEY.apiKey); // this connection has its own, but uses the old one
    subscribe(c, {
      api_key: DEFAULT_TEST_KEY.apiKey,
      original_challenge: stale,
      signed_challenge: signChallengeIndependently(stale, DEFAULT_TEST_KEY.apiSecret),
    });
    const alert = await c.waitFor(refused, "alert");
    expect(schemaErrors(alert)).toEqual([]);
    await c.barrier();
    expect(c.of("balances_snapshot")).toEqual([]);
    expect(c.of("subscribed")).toEqual([]);
  });

  it("refuses a wrong signature, another key's challenge, missing fields and unknown keys", async () => {
    const c = await connect();
    const mine = await c.challenge(DEFAULT_TEST_KEY.apiKey);
    const theirs = await c.challenge(OTHER_KEY.apiKey);
    const attempts: Message[] = [
      // signed with the wrong secret
      {
        api_key: DEFAULT_TEST_KEY.apiKey,
        original_challenge: mine,
        signed_challenge: signChallengeIndependently(mine, OTHER_KEY.apiSecret),
      },
      // a challenge issued to another key
      {
        api_key: DEFAULT_TEST_KEY.apiKey,
        original_challenge: theirs,
        signed_challenge: signChallengeIndependently(theirs, DEFAULT_TEST_KEY.apiSecret),
      },
      // no challenge at all
      { api_key: DEFAULT_TEST_KEY.apiKey },
      // a challenge that was never issued
      {
        api_key: DEFAULT_TEST_KEY.apiKey,
        original_challenge: "c100b894-1729-464d-ace1-52dbce11db42",
        signed_challenge: signChallengeIndependently(
          "c100b894-1729-464d-ace1-52dbce11db42",
          DEFAULT_TEST_KEY.apiSecret,
        ),
      },
    ];
    for (const fields of attempts) subscribe(c, fields);
    await c.waitFor(() => c.messages.filter(refused).length === attempts.length, "four alerts");
    // The second key, with its own challenge, is accepted on the same connection.
    subscribe(c, {
      api_key: OTHER_KEY.apiKey,
      original_challenge: theirs,
      signed_challenge: signChallengeIndependently(theirs, OTHER_KEY.apiSecret),
    });
    await c.waitFor((m) => m.feed === "balances_snapshot");
    expect(c.of("subscribed")).toHaveLength(1);
    c.send({ event: "challenge", api_key: "not-a-key" });
    await c.waitFor((m) => m.event === "error" && m.message === "Invalid api key");
  });

  it("requires the signature to unsubscribe a private feed too", async () => {
    const c = await connect();
    const challenge = await c.challenge(DEFAULT_TEST_KEY.apiKey);
    const auth = {
      api_key: DEFAULT_TEST_KEY.apiKey,
      original_challenge: challenge,
      signed_challenge: signChallengeIndependently(challenge, DEFAULT_TEST_KEY.apiSecret),
    };
    subscribe(c, auth);
    await c.waitFor((m) => m.feed === "balances_snapshot");
    c.send({ event: "unsubscribe", feed: "balances" });
    await c.waitFor(refused);
    c.send({ event: "unsubscribe", feed: "balances", ...auth });
    await c.waitFor((m) => m.event === "unsubscribed");
  });

  it("validates what it checks: a message missing required fields fails its schema", () => {
    expect(schemaErrors({ feed: "book", product_id: "PF_XBTUSD", seq: 1 })).not.toEqual([]);
    expect(schemaErrors({ event: "challenge" })).not.toEqual([]);
  });
});
