/**
 * What both versions of the program report, so a test can hold them side by side: the same steps on
 * REST v3 + WebSocket v1 (`v1v3.ts`) and on the Unified WebSocket (`uws.ts`).
 */

/** One open order as the program saw it on its order stream. */
export interface SeenOrder {
  readonly orderId: string;
  readonly qty: number;
  readonly limitPrice: number;
}

/** The outcome of one run of the program. */
export interface MigrationReport {
  /** The API the run used. */
  readonly api: "v1v3" | "uws";
  readonly symbol: string;
  /** Best bid and ask of the verified book (v1: `seq`-checked; UWS: checksum-verified). */
  readonly bestBid: number;
  readonly bestAsk: number;
  /** The limit order as the order stream showed it after it was placed. */
  readonly placed: SeenOrder;
  /** The same order after the amend (same id). */
  readonly amended: SeenOrder;
  /** Open orders of the symbol on the stream after the cancel. */
  readonly openAfterCancel: number;
  /** The position the small market order opened, as the position stream showed it. */
  readonly positionSize: number;
  /** Available margin of the multi-collateral (flex) wallet. */
  readonly availableMargin: number;
  /** One line per step, for people. */
  readonly lines: readonly string[];
}

/** What each step orders: a limit buy far below the market (it rests), then a small market buy. */
export const ORDER = {
  /** Size of the resting limit buy, then after the amend. */
  qty: 0.01,
  amendedQty: 0.02,
  /** How far below the best bid the limit buy rests (a fraction of the price), and the amend's step. */
  offset: 0.05,
  amendStep: 100,
  /** Size of the market buy that opens the position. */
  marketQty: 0.01,
} as const;

/** The limit price `fraction` below `bid`, on a whole number (PF_XBTUSD's tick is 1 on the mock and 0.5 on Kraken). */
export function restingPrice(bid: number, fraction: number = ORDER.offset): number {
  return Math.round(bid * (1 - fraction));
}

/** The report as a program builds it: lines as they happen, the figures at the end. */
export interface Reporter {
  /** Records one line (and passes it to the program's `say` option, if any). */
  say(line: string): void;
  /** The finished report. */
  done(figures: Omit<MigrationReport, "api" | "symbol" | "lines">): MigrationReport;
}

/** Starts the report of one run; `sink` receives each line too (default: nothing). */
export function reporter(
  api: MigrationReport["api"],
  symbol: string,
  sink?: (line: string) => void,
): Reporter {
  const lines: string[] = [];
  return {
    say(line) {
      lines.push(line);
      sink?.(line);
    },
    done: (figures) => ({ api, symbol, ...figures, lines }),
  };
}
