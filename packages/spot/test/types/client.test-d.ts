// The Spot client's calls are typed from the spec: a Futures key, a nonce, a wrong field or value
// does not compile.
import { parseCredentials } from "@kraken-futures/auth";
import { describe, expectTypeOf, it } from "vitest";
import { createSpotClient, type LedgerEntry, parseSpotCredentials } from "../../src/index.js";

const input = { apiKey: "key", apiSecret: "c2VjcmV0" };
const spot = createSpotClient({ credentials: parseSpotCredentials(input) });

describe("Spot calls are typed from the spec", () => {
  it("accepts correct arguments and types the results", async () => {
    createSpotClient({ credentials: input, tier: "pro" });
    const { token } = await spot.webSocketsToken();
    expectTypeOf(token).toEqualTypeOf<string>();
    const page = await spot.ledgers({
      asset: "XXBT,ZUSD",
      type: "trade",
      start: "LQ7M2D-3KXTA-P4RZ9B",
      ofs: 50,
    });
    expectTypeOf(page.ledger).toEqualTypeOf<Record<string, LedgerEntry>>();
    // Spot decimals stay strings: they carry more digits than a number holds.
    expectTypeOf<LedgerEntry["amount"]>().toEqualTypeOf<string | undefined>();
    await spot.queryLedgers({ id: "L1,L2", trades: true });
    await spot.tradeVolume({ pair: [{ asset: "PF_XBTUSD", aclass: "derivatives" }], fee_schedule: true });
    await spot.tradeVolume({ pair: "XXBTZUSD,XETHZEUR" });
  });

  it("refuses a Futures key, a nonce, unknown values and missing arguments", async () => {
    // @ts-expect-error: a Futures key cannot sign Spot calls
    createSpotClient({ credentials: parseCredentials(input) });
    // @ts-expect-error: the nonce is the client's to draw
    await spot.ledgers({ nonce: "1" });
    // @ts-expect-error: "trades" is not a ledger type
    await spot.ledgers({ type: "trades" });
    // @ts-expect-error: QueryLedgers needs `id`
    await spot.queryLedgers({});
    // @ts-expect-error: a pair object needs its asset class
    await spot.tradeVolume({ pair: [{ asset: "PF_XBTUSD" }] });
    // @ts-expect-error: "elite" is not a tier
    createSpotClient({ tier: "elite" });
  });
});
