import type { ApiKeyPair } from "./http/authent.js";

/**
 * The key pair the mock exchange accepts when no `keys` option is given. It is public on purpose: it
 * only opens this offline simulator, never a real account. The secret is 64 random bytes in base64,
 * shaped like a real Kraken Futures secret, so clients' credential checks accept it.
 */
export const DEFAULT_TEST_KEY: ApiKeyPair = Object.freeze({
  apiKey: "rmmyn9UlS57oh42xOdRtGbzG5X945S1SJucdb460hRxsxg1vKlaaDxII",
  apiSecret: "/l3Y5DrMd8WdgRncHedq8xsDNGrAbxt0I3NTwaR+yRIuMEuDJUSmmYicBL29lrbtmvxC7MxJ0mpCtmX6XLILkA==",
});
