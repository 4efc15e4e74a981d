/**
 * The CLI's flags as options: each `--uws-fault` arms the fault field it names on a started mock (the
 * same `startMockExchange` the CLI calls), `--token-lifetime-ms` sets the tokens' `expires`, and a bad
 * value is an error naming the flag.
 */
import { describe, expect, it } from "vitest";
import { parseCliArgs } from "../../src/cli-options.js";
import { manualClock } from "../../src/engine/clock.js";
import { startMockExchange } from "../../src/start.js";
import { noFaults, type UwsFaults } from "../../src/uws/faults.js";

const FLAGS: [string, Partial<UwsFaults>][] = [
  ["corrupt-checksum", { corruptChecksum: true }],
  ["ledger-gap=3", { ledgerGap: 3 }],
  ["drop-next-request=before", { dropNextRequest: "before" }],
  ["drop-next-request=after", { dropNextRequest: "after" }],
  ["hold-acks", { holdAcks: true }],
  ["silence", { silence: true }],
  ["positions-too-large", { positionsTooLarge: true }],
  ["malformed=4", { malformedEvery: 4, malformedKind: "truncated" }],
  ["malformed=1:binary", { malformedEvery: 1, malformedKind: "binary" }],
];

describe("kraken-futures-mock --uws-fault", () => {
  it("names every field of the UWS faults", () => {
    const armed = new Set(FLAGS.flatMap(([, f]) => Object.keys(f)));
    expect([...armed].sort()).toEqual(Object.keys(noFaults()).sort());
  });

  it.each(FLAGS)("--uws-fault %s arms it on the started mock", async (flag, fields) => {
    const { options } = parseCliArgs(["--port", "0", "--uws-fault", flag]);
    const mock = await startMockExchange({ ...options, clock: manualClock() });
    try {
      expect(mock.uws.faults).toEqual({ ...noFaults(), ...fields });
    } finally {
      await mock.stop();
    }
  });

  it("combines repeated flags", () => {
    const { options } = parseCliArgs(["--uws-fault", "silence", "--uws-fault", "ledger-gap=1"]);
    expect(options.uws?.faults).toEqual({ silence: true, ledgerGap: 1 });
  });

  it.each([
    ["nonsense", /unknown --uws-fault "nonsense"/],
    ["ledger-gap", /must be a non-negative integer/],
    ["ledger-gap=-2", /must be a non-negative integer/],
    ["silence=1", /takes no value/],
    ["drop-next-request=during", /=before or =after/],
    ["malformed=2:purple", /kind must be one of/],
  ])("refuses --uws-fault %s", (flag, message) => {
    expect(() => parseCliArgs(["--uws-fault", flag])).toThrow(message);
  });
});

describe("kraken-futures-mock token and connection flags", () => {
  it("--token-lifetime-ms sets what GetWebSocketsToken's expires says", async () => {
    const { options } = parseCliArgs(["--port", "0", "--token-lifetime-ms", "30000"]);
    const mock = await startMockExchange({ ...options, clock: manualClock() });
    try {
      expect(mock.tokens.lifetimeSeconds).toBe(30);
    } finally {
      await mock.stop();
    }
  });

  it("defaults to Kraken's 15 minutes, 100 requests per second and 100 connections", () => {
    const { options } = parseCliArgs([]);
    expect(options.tokenLifetimeMs).toBe(900_000);
    expect(options.uws).toMatchObject({ requestsPerSecond: 100, maxConnections: 100, faults: {} });
  });

  it("refuses a lifetime that is not a number", () => {
    expect(() => parseCliArgs(["--token-lifetime-ms", "soon"])).toThrow(/--token-lifetime-ms/);
  });
});
