/**
 * The opt-in check of an order's price and size against its instrument (issue 12, item 7): a price
 * must lie on the instrument's tick grid (`tickSize`), and a size must be a whole multiple of
 * `10^-contractValueTradePrecision` (a precision of 2 means 0.01 steps, 0 whole contracts). Both come
 * from `GET /instruments`; the check runs before anything is queued, signed or sent, like the spec's
 * bounds, and refuses with a `ValidationError` whose issues name the parameter (rule `tickSize` or
 * `tradePrecision`).
 *
 * Opt-in, because the grid is account-independent but changes when Kraken re-tick a market: a stale
 * list would refuse valid orders. Build it from a fresh `/instruments` and rebuild it when in doubt.
 * Instruments the list does not hold, and operations that do not name a symbol (editorder, the edit
 * instructions of a batch), are not checked: Kraken still refuses those off the grid itself.
 */
import { formatDecimal } from "@kraken-futures/auth";
import type { ParameterIssue } from "./params.js";

/** What the check reads of an instrument: the `/instruments` entry, or any object with these fields. */
export interface InstrumentLike {
  readonly symbol?: string | null | undefined;
  /** Price step. Missing, null or not positive: prices are not checked for this instrument. */
  readonly tickSize?: number | string | null | undefined;
  /** Decimal places of a size. Missing or null: sizes are not checked for this instrument. */
  readonly contractValueTradePrecision?: number | string | null | undefined;
}

/** The grid of every listed instrument; pass it as the client's `instruments` option. */
export interface InstrumentGrid {
  /** How many instruments it knows. */
  readonly size: number;
  /**
   * The issues of one call's arguments (`sendOrder`'s query, or `batchOrder`'s send instructions), or
   * `undefined` when it has none or the operation is not one it checks.
   */
  issues(
    operationId: string | undefined,
    query: Readonly<Record<string, unknown>> | undefined,
  ): ParameterIssue[] | undefined;
}

interface Grid {
  readonly tick: string | undefined;
  readonly step: string | undefined;
}

const PRICES = ["limitPrice", "stopPrice"] as const;

function decimals(text: string): number {
  const dot = text.indexOf(".");
  return dot < 0 ? 0 : text.length - dot - 1;
}

/** `value` is a whole multiple of `step` (both decimal strings), computed exactly on scaled integers. */
function onGrid(value: number, step: string): boolean {
  const text = formatDecimal(value);
  const places = Math.max(decimals(text), decimals(step));
  const scaled = (t: string) => BigInt(t.replace(".", "") + "0".repeat(places - decimals(t)));
  const unit = scaled(step);
  return unit === 0n || scaled(text) % unit === 0n;
}

function positive(value: number | string | null | undefined): number | undefined {
  const n = typeof value === "string" ? Number(value) : value;
  return typeof n === "number" && Number.isFinite(n) && n > 0 ? n : undefined;
}

function gridOf(instrument: InstrumentLike): Grid {
  const tick = positive(instrument.tickSize);
  const raw = instrument.contractValueTradePrecision;
  const precision = typeof raw === "string" ? Number(raw) : raw;
  // Written out, not computed: 10 ** -4 is 0.00009999999999999999 in binary floating point.
  const step =
    typeof precision !== "number" || !Number.isInteger(precision)
      ? undefined
      : precision > 0
        ? `0.${"0".repeat(precision - 1)}1`
        : `1${"0".repeat(-precision)}`;
  return { tick: tick === undefined ? undefined : formatDecimal(tick), step };
}

/** Checks one order's size and prices against its symbol's grid; `at` prefixes the parameter names. */
function checkOrder(
  grids: ReadonlyMap<string, Grid>,
  order: Readonly<Record<string, unknown>>,
  at: string,
  issues: ParameterIssue[],
): void {
  const symbol = order.symbol;
  const grid = typeof symbol === "string" ? grids.get(symbol.toLowerCase()) : undefined;
  if (grid === undefined) return;
  const push = (name: string, rule: "tickSize" | "tradePrecision", predicate: string) =>
    issues.push({
      parameter: at + name,
      in: "query",
      rule,
      message: `query parameter "${at}${name}" ${predicate} of ${symbol}`,
    });
  const size = order.size;
  if (
    grid.step !== undefined &&
    typeof size === "number" &&
    Number.isFinite(size) &&
    !onGrid(size, grid.step)
  ) {
    push("size", "tradePrecision", `must be a multiple of ${grid.step}, the trade precision`);
  }
  for (const name of PRICES) {
    const price = order[name];
    if (
      grid.tick !== undefined &&
      typeof price === "number" &&
      Number.isFinite(price) &&
      !onGrid(price, grid.tick)
    ) {
      push(name, "tickSize", `must be a multiple of ${grid.tick}, the tick size`);
    }
  }
}

/**
 * Builds the grid from the instruments list (`(await client.GET("/instruments")).data.instruments`).
 * Symbols match case-insensitively, as Kraken's do.
 *
 * @example
 * const { data } = await createRestClient().GET("/instruments");
 * const client = createRestClient({ credentials, instruments: instrumentGrid(data.instruments ?? []) });
 */
export function instrumentGrid(instruments: Iterable<InstrumentLike>): InstrumentGrid {
  const grids = new Map<string, Grid>();
  for (const instrument of instruments) {
    if (typeof instrument.symbol === "string") grids.set(instrument.symbol.toLowerCase(), gridOf(instrument));
  }
  return {
    size: grids.size,
    issues(operationId, query) {
      if (query === undefined) return undefined;
      const issues: ParameterIssue[] = [];
      if (operationId === "sendOrder") checkOrder(grids, query, "", issues);
      if (operationId === "batchOrder") {
        const list = (query.json as { batchOrder?: unknown } | undefined)?.batchOrder;
        if (Array.isArray(list)) {
          list.forEach((instruction: unknown, i) => {
            const record = instruction as Record<string, unknown> | null;
            if (record?.order === "send") checkOrder(grids, record, `json.batchOrder[${i}].`, issues);
          });
        }
      }
      return issues.length > 0 ? issues : undefined;
    },
  };
}
