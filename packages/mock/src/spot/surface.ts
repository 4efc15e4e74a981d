/**
 * The Kraken Spot REST subset as a surface of the mock's HTTP server, routed from the generated Spot
 * tables (`spotApi`, `spotServer`: `/0/private/GetWebSocketsToken`, `Ledgers`, `QueryLedgers`,
 * `TradeVolume`) on the same port as the Futures APIs. Requests are admitted by {@link admitSpot}
 * (Spot keys, `API-Sign`, body nonces); successes are `{error: [], result}` and refusals
 * `{error: ["E…"]}`, both on HTTP 200 as Kraken answers them. The budget is the spec's `spot` call
 * counter (`x-rate-limit`), spent by the server like the other surfaces' pools.
 */
import type { HistoryRecorder } from "../engine/history.js";
import type { operations } from "../generated/spot.gen.js";
import { spotApi } from "../generated/spot.operations.gen.js";
import { spotServer } from "../generated/spot.server.gen.js";
import { type ApiKeyPair, NonceTracker } from "../http/authent.js";
import type { SurfaceHandler } from "../http/raw-body.js";
import { buildRoutes } from "../http/routes.js";
import type { Refusal, Surface } from "../http/surface.js";
import {
  asServed,
  type GeneratedOperation,
  type HandlerTable,
  type SuccessJson,
  type Wire,
} from "../http/typed-handlers.js";
import { MOCK_ACCOUNT_ID } from "../ws/messages.js";
import { admitSpot, SPOT_ERRORS } from "./admit.js";
import { ledgersById, ledgersPage, UnknownLedgerId } from "./ledger.js";
import type { TokenStore } from "./tokens.js";
import { SpotRefusal, tradeVolume } from "./trade-volume.js";

/** The argument under which an admitted request's Spot API key reaches the handlers. */
export const SPOT_KEY_ARG = "$apiKey";

/** What the Spot surface serves from. */
export interface SpotSetup {
  /** Accepted Spot key pairs (all open the mock's one account). */
  readonly keys: readonly ApiKeyPair[];
  /** Where `GetWebSocketsToken` issues tokens, for the Unified WebSocket to check. */
  readonly tokens: TokenStore;
}

/** Futures-side refusal codes of the server, in Spot's words. */
function spotError(r: Refusal): string {
  if (/^[EW][A-Za-z]+:/.test(r.code)) return r.code;
  switch (r.code) {
    case "apiLimitExceeded":
      return SPOT_ERRORS.rateLimit;
    case "notFound":
      return SPOT_ERRORS.unknownMethod;
    case "Server Error":
    case "Unavailable":
      return SPOT_ERRORS.internal;
    default:
      return SPOT_ERRORS.invalidArguments;
  }
}

/** What a Spot operation answers in `result`: the `result` of the spec's success body (not its error one). */
type SpotResult<Op extends GeneratedOperation> = Wire<
  Extract<SuccessJson<Op>, { result: unknown }>["result"]
>;

/**
 * The Spot handlers, keyed by the generated `operations`: each takes its operation's body fields
 * (and the admitted key, {@link SPOT_KEY_ARG}) and answers its success `result`, which the surface
 * wraps in `{error: [], result}`.
 */
export type SpotHandlers = HandlerTable<
  operations,
  { [Id in keyof operations]: SpotResult<operations[Id]> },
  [],
  { readonly [SPOT_KEY_ARG]: string }
>;

function handlers(recorder: HistoryRecorder, tokens: TokenStore): Record<string, SurfaceHandler> {
  const ex = recorder.exchange;
  return asServed<SurfaceHandler>({
    getWebSocketsToken: (a) => tokens.issue({ account: MOCK_ACCOUNT_ID, apiKey: a[SPOT_KEY_ARG] }),
    getLedgers: (a) => {
      ex.sync();
      try {
        return ledgersPage(recorder, a);
      } catch (error) {
        if (error instanceof UnknownLedgerId) throw new SpotRefusal(SPOT_ERRORS.invalidArguments);
        throw error;
      }
    },
    queryLedgers: (a) => {
      ex.sync();
      return ledgersById(recorder, a.id);
    },
    getTradeVolume: (a) => tradeVolume(ex, a.pair, a.fee_schedule === true),
  } satisfies SpotHandlers);
}

/**
 * The Spot surface over the account log of `recorder` (the same one History's `accountlog` reads) and
 * the token store of `setup`.
 */
export function spotSurface(recorder: HistoryRecorder, setup: SpotSetup): Surface {
  const table = buildRoutes(spotApi, spotServer);
  // Routes, signing, budget and the body's argument plans all come from the generated tables.
  const keys = new Map(setup.keys.map((k) => [k.apiKey, k]));
  // Spot nonces are their own sequence per Spot key, apart from the Futures keys' nonces, and strict:
  // Kraken Spot's nonce window is a per-key setting whose default is 0 (none), unlike the Futures
  // side's brief tolerance (nonceWindowMs).
  const nonces = new NonceTracker(0);
  return {
    name: "spot",
    table,
    bases: [table.basePath],
    handlers: handlers(recorder, setup.tokens),
    admit: async (r) => {
      const a = await admitSpot(r, keys, nonces);
      if (!a.ok) return { ok: false, refusal: { code: a.error, detail: a.detail, route: r.route } };
      return { ok: true, apiKey: a.apiKey, args: { ...a.args, [SPOT_KEY_ARG]: a.apiKey } };
    },
    success: (payload) => ({ error: [], result: payload }),
    refuse: (r) => {
      const error = spotError(r);
      return {
        status: r.status === 404 || r.status === 405 ? r.status : 200,
        body: { error: [error] },
        error,
      };
    },
    refusalOf: (error) => (error instanceof SpotRefusal ? { code: error.error } : undefined),
  };
}
