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

/**
 * The Kraken (Spot) key pair the mock accepts on the Spot REST paths (`/0/private/…`) when no
 * `spotKeys` option is given. A Spot key is its own credential kind, as on Kraken ("a Kraken API key,
 * not a Derivatives API key"): the Futures key above is refused there with `EAPI:Invalid key`, and this
 * one on the Futures paths. Public on purpose, like {@link DEFAULT_TEST_KEY}; it opens the same
 * (only) account of the mock.
 */
export const DEFAULT_SPOT_TEST_KEY: ApiKeyPair = Object.freeze({
  apiKey: "KT7hfe3MbnnAtG8qeMcv9LnUO4epZ0kEdsnTzt0kEuUqQ1hSFEyPtCor",
  apiSecret: "kP0SD4SZgP8j/M3bQ6crBXCgFKX7qC6+MoOc89tws2sD4ZruZgS1Dmm1MlPV6hpSLpJIjsOf/JFCJVFazHF4cg==",
});
