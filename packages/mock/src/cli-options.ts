/**
 * The CLI's arguments, parsed into {@link MockExchangeOptions}: its own module so a test can check each
 * flag against `startMockExchange` without spawning a process, and so the flags and the options cannot
 * drift apart (every UWS fault of `mock.uws.faults` has its `--uws-fault` spelling here).
 */
import { parseArgs } from "node:util";
import { DEFAULT_NONCE_WINDOW_MS } from "./http/authent.js";
import { TOKEN_LIFETIME_MS } from "./spot/tokens.js";
import type { MockExchangeOptions } from "./start.js";
import { UWS_MALFORMED_KINDS, type UwsFaults, type UwsMalformedKind } from "./uws/faults.js";

/** The usage text `--help` and a bad argument print. */
export const CLI_USAGE = `Usage: kraken-futures-mock [--port <n>] [--host <addr>] [--seed <n>] [--step-ms <n>] [--backfill-hours <h>]
                           [--nonce-window-ms <n>] [--token-lifetime-ms <n>] [--uws-requests-per-second <n>]
                           [--uws-max-connections <n>] [--uws-fault <fault>]...

Runs an offline Kraken Futures exchange (Trading v3, History, Charts and the Spot REST subset over HTTP,
WebSocket v1 and the Unified WebSocket) on loopback.
  --port     port to listen on (default 8080; 0 picks a free port)
  --host     interface (default 127.0.0.1)
  --seed     seed of the simulated market (default 1)
  --step-ms  milliseconds between market steps (default 1000)
  --backfill-hours  hours of market history (candles, trades) simulated before start (default 0; at most 48)
  --nonce-window-ms  how long a nonce below the key's highest is still accepted
             (default ${DEFAULT_NONCE_WINDOW_MS}; 0 = strict: every nonce above all before it)
  --token-lifetime-ms  lifetime of an unused WebSocket token (default ${TOKEN_LIFETIME_MS}, 15 minutes; at least 1000)
  --uws-requests-per-second  UWS requests accepted per connection per second (default 100, an assumption)
  --uws-max-connections  open UWS connections accepted at once (default 100, an assumption)
  --uws-fault  a UWS fault armed from the start; repeat for several:
             corrupt-checksum        every book message carries a wrong checksum
             ledger-gap=<n>          the first ledgers update of each connection skips n sequence numbers
             drop-next-request=before|after  the first request (not ping) drops its connection
             hold-acks               acknowledgements are never sent (data still flows)
             silence                 nothing is sent at all, not even pongs
             positions-too-large     the first positions snapshot is snapshot_too_large
             malformed=<n>[:<kind>]  every n-th channel message is a malformed frame
                                     (kind: ${UWS_MALFORMED_KINDS.join(", ")}; default truncated)`;

/** What the CLI runs: the options, and the figures it prints. */
export interface CliArgs {
  readonly help: boolean;
  readonly options: MockExchangeOptions;
}

const int = (name: string, v: string): number => {
  const n = Number(v);
  if (v.trim() === "" || !Number.isInteger(n) || n < 0)
    throw new Error(`--${name} must be a non-negative integer, got "${v}"`);
  return n;
};

const hours = (v: string): number => {
  const n = Number(v);
  if (v.trim() === "" || !Number.isFinite(n) || n < 0)
    throw new Error(`--backfill-hours must be a non-negative number, got "${v}"`);
  return n;
};

/** Parses one `--uws-fault` value into the fault fields it arms. */
export function parseUwsFault(spec: string): Partial<UwsFaults> {
  const [name, value] = spec.split("=", 2) as [string, string | undefined];
  const flag = (f: Partial<UwsFaults>) => {
    if (value !== undefined) throw new Error(`--uws-fault ${name} takes no value, got "${spec}"`);
    return f;
  };
  switch (name) {
    case "corrupt-checksum":
      return flag({ corruptChecksum: true });
    case "hold-acks":
      return flag({ holdAcks: true });
    case "silence":
      return flag({ silence: true });
    case "positions-too-large":
      return flag({ positionsTooLarge: true });
    case "ledger-gap":
      return { ledgerGap: int("uws-fault ledger-gap", value ?? "") };
    case "drop-next-request":
      if (value !== "before" && value !== "after")
        throw new Error(`--uws-fault drop-next-request must be =before or =after, got "${spec}"`);
      return { dropNextRequest: value };
    case "malformed": {
      const [every, kind = "truncated"] = (value ?? "").split(":", 2) as [string, string | undefined];
      if (!UWS_MALFORMED_KINDS.includes(kind as UwsMalformedKind))
        throw new Error(
          `--uws-fault malformed kind must be one of ${UWS_MALFORMED_KINDS.join(", ")}, got "${kind}"`,
        );
      return { malformedEvery: int("uws-fault malformed", every), malformedKind: kind as UwsMalformedKind };
    }
    default:
      throw new Error(`unknown --uws-fault "${name}"`);
  }
}

/** Parses the CLI's arguments (without `node` and the script); throws an `Error` naming a bad one. */
export function parseCliArgs(argv: readonly string[]): CliArgs {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      port: { type: "string", default: "8080" },
      host: { type: "string", default: "127.0.0.1" },
      seed: { type: "string", default: "1" },
      "step-ms": { type: "string", default: "1000" },
      "backfill-hours": { type: "string", default: "0" },
      "nonce-window-ms": { type: "string", default: String(DEFAULT_NONCE_WINDOW_MS) },
      "token-lifetime-ms": { type: "string", default: String(TOKEN_LIFETIME_MS) },
      "uws-requests-per-second": { type: "string", default: "100" },
      "uws-max-connections": { type: "string", default: "100" },
      "uws-fault": { type: "string", multiple: true, default: [] },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  const faults: Partial<UwsFaults> = {};
  for (const f of values["uws-fault"]) Object.assign(faults, parseUwsFault(f));
  return {
    help: values.help,
    options: {
      host: values.host,
      port: int("port", values.port),
      seed: int("seed", values.seed),
      stepMs: Math.max(1, int("step-ms", values["step-ms"])),
      backfillHours: hours(values["backfill-hours"]),
      nonceWindowMs: int("nonce-window-ms", values["nonce-window-ms"]),
      tokenLifetimeMs: int("token-lifetime-ms", values["token-lifetime-ms"]),
      uws: {
        requestsPerSecond: Math.max(1, int("uws-requests-per-second", values["uws-requests-per-second"])),
        maxConnections: Math.max(1, int("uws-max-connections", values["uws-max-connections"])),
        faults,
      },
    },
  };
}
