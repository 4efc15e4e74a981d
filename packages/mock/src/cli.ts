#!/usr/bin/env node
/**
 * `kraken-futures-mock`: runs the offline exchange until interrupted. The flags are parsed in
 * `cli-options.ts` (see {@link CLI_USAGE}).
 */
import { CLI_USAGE, parseCliArgs } from "./cli-options.js";
import { startMockExchange } from "./start.js";

async function main(): Promise<void> {
  const { help, options } = parseCliArgs(process.argv.slice(2));
  if (help) {
    console.log(CLI_USAGE);
    return;
  }
  const mock = await startMockExchange(options);
  const key = mock.keys[0]!;
  console.log(`Kraken Futures mock exchange (seed ${options.seed}) listening on ${mock.origin}`);
  console.log(`  Trading API: ${mock.url}`);
  console.log(`  History API: ${mock.origin}/api/history`);
  console.log(`  Charts API:  ${mock.origin}/api/charts/v1`);
  console.log(`  WebSocket:   ${mock.wsUrl}`);
  console.log(`  UWS:         ${mock.uwsPublicUrl}, ${mock.uwsPrivateUrl}`);
  const window = options.nonceWindowMs ?? 0;
  console.log(`  Nonces:      ${window === 0 ? "strict" : `out of order tolerated for ${window} ms`}`);
  console.log(`  API key:     ${key.apiKey}`);
  console.log(`  API secret:  ${key.apiSecret}`);
  const spotKey = mock.spotKeys[0]!;
  console.log(`  Spot REST:   ${mock.spotUrl} (GetWebSocketsToken, Ledgers, QueryLedgers, TradeVolume)`);
  console.log(`  Spot key:    ${spotKey.apiKey}`);
  console.log(`  Spot secret: ${spotKey.apiSecret}`);
  const armed = Object.entries(options.uws?.faults ?? {}).map(([k, v]) => `${k}=${String(v)}`);
  if (armed.length > 0) console.log(`  UWS faults:  ${armed.join(", ")}`);
  console.log("Press Ctrl+C to stop.");
  const stop = () => {
    mock.stop().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  console.error(CLI_USAGE);
  process.exit(1);
});
