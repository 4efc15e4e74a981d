/**
 * `pnpm --filter @kraken-futures/example-migration start`: starts the mock exchange on loopback and runs
 * the program twice, on REST v3 + WebSocket v1 and on the Unified WebSocket, printing both reports.
 * Needs no network and no account.
 */
import { DEFAULT_SPOT_TEST_KEY, DEFAULT_TEST_KEY, startMockExchange } from "@kraken-futures/mock";
import { runUws } from "./uws.js";
import { runV1V3 } from "./v1v3.js";

const say = (line: string) => console.log(`  ${line}`);

async function main(): Promise<void> {
  // A fresh exchange for each version, so the second does not see the first one's position.
  const v1 = await startMockExchange({ seed: 1 });
  try {
    console.log(`REST v3 + WebSocket v1 (Futures key), mock at ${v1.origin}`);
    await runV1V3({ origin: v1.origin, credentials: DEFAULT_TEST_KEY, say });
  } finally {
    await v1.stop();
  }
  const uws = await startMockExchange({ seed: 1 });
  try {
    console.log(`Unified WebSocket (Spot key), mock at ${uws.uwsPublicUrl} and ${uws.uwsPrivateUrl}`);
    await runUws({
      urls: { public: uws.uwsPublicUrl, private: uws.uwsPrivateUrl },
      spotOrigin: uws.origin,
      credentials: DEFAULT_SPOT_TEST_KEY,
      say,
    });
  } finally {
    await uws.stop();
  }
}

main().catch((error: unknown) => {
  console.error("The migration example failed:", error instanceof Error ? error.message : error);
  process.exit(1);
});
