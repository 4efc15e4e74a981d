/**
 * The History API's operations (`/api/history`, current v3 paths and earlier v2 ones), keyed by
 * operationId, answered from the {@link HistoryRecorder}: event pages with `continuationToken`
 * (since/before/sort/count), the account log (JSON and CSV) and the public market history. Routing,
 * signing, the `history` budget and argument checks come from the spec (see `server.ts`).
 */
import { iso } from "../engine/clock.js";
import {
  accountLogCsv,
  type Entry,
  type HistoryRecorder,
  type Page,
  type PageRequest,
  type PositionEntry,
  pageOf,
} from "../engine/history.js";
import { publicExecutions, publicOrders, publicPrices } from "../engine/public-history.js";
import type { operations } from "../generated/history.gen.js";
import type { Args } from "./handlers.js";
import { RawBody, type SurfaceHandler } from "./raw-body.js";
import { asServed, type HandlerTable, type SuccessJson, type Wire } from "./typed-handlers.js";

/** The paging arguments every History page operation declares (the spec's names and types). */
type PageArgs = Readonly<Omit<PageRequest, "continuationToken"> & { continuation_token?: string }>;

function pageRequest(a: PageArgs): PageRequest {
  const { since, before, sort, count, continuation_token } = a;
  return { since, before, sort, count, continuationToken: continuation_token };
}

function ofTradeable(a: { readonly tradeable?: string }): (e: Entry) => boolean {
  const wanted = a.tradeable?.toUpperCase();
  return (e) => wanted === undefined || e.symbol === wanted;
}

/** A History page as it goes on the wire: `extra` (the account, the server time), `len`, `elements`, and the token when more follow. */
function body<E, Extra extends object = object>(
  page: Page<E>,
  extra?: Extra,
): Extra & { len: number; elements: readonly E[]; continuationToken?: string } {
  const { elements, continuationToken } = page;
  return {
    ...(extra as Extra),
    len: elements.length,
    elements,
    ...(continuationToken !== undefined && { continuationToken }),
  };
}

function pageOfEntries<J>(entries: readonly Entry<J>[], a: PageArgs): Page<J> {
  const page = pageOf(entries, pageRequest(a));
  return { elements: page.items.map((e) => e.json), continuationToken: page.continuationToken };
}

const CHANGE_FILTERS = {
  opened: "Open",
  closed: "Close",
  increased: "Increase",
  decreased: "Decrease",
  reversed: "Reverse",
  no_change: "NoChange",
} as const;
const REASON_FILTERS = ["trades", "funding_realization", "settlement"] as const;

/** Position updates matching the change filters (OR) and the reason filters (OR); `false` has no effect. */
function positionFilter(a: Args): (e: PositionEntry) => boolean {
  const changes = Object.entries(CHANGE_FILTERS)
    .filter(([name]) => a[name] === true)
    .map(([, change]) => change as string);
  const reasons = REASON_FILTERS.filter((name) => a[name] === true) as string[];
  return (e) =>
    (changes.length === 0 || changes.includes(e.change)) &&
    (reasons.length === 0 || reasons.includes(e.reason));
}

/**
 * Operations Kraken serves on both an earlier v2 path and its current v3 path: the v2 operation (its
 * operationId ends in `V2`) answers from the same ledger as the v3 one.
 */
const V2_PATHS = [
  "getOrderEvents",
  "getExecutionEvents",
  "getTriggerEvents",
  "getAccountLogCsv",
  "getPublicOrderEvents",
  "getPublicPriceEvents",
] as const;

/** The operations answering the account log as CSV text (their 200 is `text/csv`, not JSON). */
type CsvAnswer = "getAccountLogCsv" | "getAccountLogCsvV2";

/**
 * The History handlers, keyed by the generated `operations` (an operationId the spec lacks is a type
 * error), each taking its operation's generated arguments and answering its spec's 200 body as it goes
 * on the wire (the recorder builds its events in the generated element types, engine/history-pages.ts),
 * or the CSV export as a {@link RawBody}.
 */
export type HistoryHandlers = HandlerTable<
  operations,
  { [Id in keyof operations]: Id extends CsvAnswer ? RawBody : Wire<SuccessJson<operations[Id]>> }
>;

/** The handlers of the History API, reading `recorder`. */
export function historyHandlers(recorder: HistoryRecorder): Readonly<Record<string, SurfaceHandler>> {
  const current = currentHandlers(recorder);
  const earlier = Object.fromEntries(V2_PATHS.map((id) => [`${id}V2`, current[id]!]));
  return { ...current, ...earlier };
}

function currentHandlers(recorder: HistoryRecorder): Readonly<Record<string, SurfaceHandler>> {
  const ex = recorder.exchange;
  const account = { accountUid: recorder.accountUid };
  return asServed<SurfaceHandler>({
    getOrderEvents: (a) => {
      ex.sync();
      const tradeable = ofTradeable(a);
      // `opened: false` leaves placements out, `closed: false` closings; absent or true keeps them.
      const entries = recorder.orderEvents.filter(
        (e) =>
          tradeable(e) &&
          !(e.phase === "opened" && a.opened === false) &&
          !(e.phase === "closed" && a.closed === false),
      );
      return body(pageOfEntries(entries, a), account);
    },
    getTriggerEvents: (a) => {
      ex.sync();
      return body(pageOfEntries(recorder.triggerEvents.filter(ofTradeable(a)), a), account);
    },
    getExecutionEvents: (a) => {
      ex.sync();
      return body(pageOfEntries(recorder.executionEvents.filter(ofTradeable(a)), a), account);
    },
    getPositionEvents: (a) => {
      ex.sync();
      const tradeable = ofTradeable(a);
      const matches = positionFilter(a);
      const entries = recorder.positionEvents.filter((e) => tradeable(e) && matches(e));
      return body(pageOfEntries(entries, a), { ...account, serverTime: iso(ex.clock.now()) });
    },
    getAccountLog: (a) => {
      ex.sync();
      const { info, from, to } = a;
      const entries = recorder.accountLog.filter(
        (e) =>
          (from === undefined || e.id >= from) &&
          (to === undefined || e.id <= to) &&
          (info === undefined || info.includes(e.info)),
      );
      // No continuation token here: the account log pages by entry id (`from`/`to`) or by time.
      const { items } = pageOf(entries, { ...pageRequest(a), continuationToken: undefined });
      return { ...account, logs: items.map((e) => e.json) };
    },
    getAccountLogCsv: () => {
      ex.sync();
      return new RawBody("text/csv", accountLogCsv(recorder.accountLog));
    },
    getPublicExecutionEvents: (a) => body(publicExecutions(recorder, a.tradeable, pageRequest(a))),
    getPublicOrderEvents: (a) => body(publicOrders(recorder, a.tradeable, pageRequest(a))),
    getPublicPriceEvents: (a) => body(publicPrices(recorder, a.tradeable, pageRequest(a))),
  } satisfies HistoryHandlers);
}
