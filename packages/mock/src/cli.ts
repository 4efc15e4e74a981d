#!/usr/bin/env node
/**
 * `kraken-futures-mock`: runs the offline exchange until interrupted.
 *
 *   kraken-futures-mock [--port 8080] [--host 127.0.0.1] [--seed 1] [--step-ms 1000] [--backfill-hours 0]
 *                       [--nonce-window-ms 50]
 */
import { parseArgs } from "node:util";
import { DEFAULT_NONCE_WINDOW_MS } from "./http/authent.js";
import { startMockExchange } from "./start.js";

const USAGE = `Usage: kraken-futures-mock [--port <n>] [--host <addr>] [--seed <n>] [--step-ms <n>] [--backfill-hours <h>] [--nonce-window-ms <n>]

Runs an offline Kraken Futures exchange (Trading v3, History, Charts and the Spot REST subset over HTTP,
WebSocket v1) on loopback.
  --port     port to listen on (default 8080; 0 picks a free port)
  --host     interface (default 127.0.0.1)
  --seed     seed of the simulated market (default 1)
  --step-ms  milliseconds between market steps (default 1000)
  --backfill-hours  hours of market history (candles, trades) simulated before start (default 0; at most 48)
  --nonce-window-ms  how long a nonce below the key's highest is still accepted
             (default ${DEFAULT_NONCE_WINDOW_MS}; 0 = strict: every nonce above all before it)`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: "8080" },
      host: { type: "string", default: "127.0.0.1" },
      seed: { type: "string", default: "1" },
      "step-ms": { type: "string", default: "1000" },
      "backfill-hours": { type: "string", default: "0" },
      "nonce-window-ms": { type: "string", default: String(DEFAULT_NONCE_WINDOW_MS) },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const int = (name: string, v: string) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0)
      throw new Error(`--${name} must be a non-negative integer, got "${v}"`);
    return n;
  };
  const hours = (v: string) => {
    const n = Number(v);
    if (v.trim() === "" || !Number.isFinite(n) || n < 0)
      throw new Error(`--backfill-hours must be a non-negative number, got "${v}"`);
    return n;
  };
  const mock = await startMockExchange({
    host: values.host,
    port: int("port", values.port),
    seed: int("seed", values.seed),
    stepMs: Math.max(1, int("step-ms", values["step-ms"])),
    backfillHours: hours(values["backfill-hours"]),
    nonceWindowMs: int("nonce-window-ms", values["nonce-window-ms"]),
  });
  const key = mock.keys[0]!;
  console.log(`Kraken Futures mock exchange (seed ${values.seed}) listening on ${mock.origin}`);
  console.log(`  Trading API: ${mock.url}`);
  console.log(`  History API: ${mock.origin}/api/history`);
  console.log(`  Charts API:  ${mock.origin}/api/charts/v1`);
  console.log(`  WebSocket:   ${mock.wsUrl}`);
  console.log(`  UWS:         ${mock.uwsPublicUrl}, ${mock.uwsPrivateUrl}`);
  const window = int("nonce-window-ms", values["nonce-window-ms"]);
  console.log(`  Nonces:      ${window === 0 ? "strict" : `out of order tolerated for ${window} ms`}`);
  console.log(`  API key:     ${key.apiKey}`);
  console.log(`  API secret:  ${key.apiSecret}`);
  const spotKey = mock.spotKeys[0]!;
  console.log(`  Spot REST:   ${mock.spotUrl} (GetWebSocketsToken, Ledgers, QueryLedgers, TradeVolume)`);
  console.log(`  Spot key:    ${spotKey.apiKey}`);
  console.log(`  Spot secret: ${spotKey.apiSecret}`);
  console.log("Press Ctrl+C to stop.");
  const stop = () => {
    mock.stop().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  console.error(USAGE);
  process.exit(1);
});
