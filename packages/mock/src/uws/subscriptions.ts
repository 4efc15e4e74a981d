/**
 * `subscribe` and `unsubscribe` for every channel the mock serves: parameter checks with the
 * documented refusals, one acknowledgement per symbol, then the snapshot the subscription asked for.
 * Channels the document describes but the mock does not serve yet are refused by name.
 */
import type { Exchange } from "../engine/exchange.js";
import { balancesSnapshot, executionsSnapshot, holdings } from "./account.js";
import {
  type FuturesTrading,
  marginMessages,
  positionEntries,
  positionsMessage,
  positionTexts,
} from "./account-channels.js";
import { BookView } from "./book-view.js";
import { WHOLE_CHANNEL } from "./connection.js";
import { UWS_ERRORS } from "./errors.js";
import { Level3View } from "./level3.js";
import { instrumentData, tickerEntry, tradeSnapshotEntries } from "./market.js";
import { ack, boolParam, check, stringsParam, UwsRefusal, type UwsRequest } from "./request.js";
import type { UwsTable } from "./table.js";
import type { UwsTokenAuthority } from "./tokens.js";

type Json = Record<string, unknown>;

/** What the subscription handlers need of the server. */
export interface SubscriptionHost {
  readonly exchange: Exchange;
  readonly table: UwsTable;
  readonly tokens: UwsTokenAuthority;
  /** Whether a book snapshot's checksum should be corrupted (a fault). */
  corruptChecksum(): boolean;
  /** Faults that change what a subscription is sent. */
  readonly faults: { positionsTooLarge: boolean };
  /** The account's futures trading permission (`preferences`). */
  readonly futuresTrading: FuturesTrading;
}

/** Channels whose subscriptions the mock serves. */
const SERVED = new Set([
  "book",
  "ticker",
  "trade",
  "instrument",
  "level3",
  "executions",
  "balances",
  "margin",
  "positions",
  "ledgers",
  "preferences",
]);

/** Checks the channel and (for private ones) the token; returns the channel name. */
export function channelOf(host: SubscriptionHost, req: UwsRequest): string {
  const channel = req.params.channel;
  check(channel !== undefined, UWS_ERRORS.missing("params.channel"));
  check(typeof channel === "string", UWS_ERRORS.invalid("params.channel"));
  const entry = host.table.entries.get(channel);
  check(entry !== undefined && entry.kind === "channel", UWS_ERRORS.unknownChannel(channel));
  check(channel !== "heartbeat", UWS_ERRORS.heartbeat);
  check(entry.servers.includes(req.conn.access), UWS_ERRORS.wrongHost(channel));
  if (channel === "ledgers") check(req.params.asset_class === undefined, UWS_ERRORS.ledgersAssetClass);
  if (channel === "margin") check(req.params.snapshot === undefined, UWS_ERRORS.marginSnapshot);
  if (entry.token) authorize(host, req);
  check(SERVED.has(channel), UWS_ERRORS.notServed(channel));
  return channel;
}

/** The one-per-connection limit of `margin` and `positions`, from the document's `perConnection`. */
function checkPerConnection(host: SubscriptionHost, req: UwsRequest, channel: string): void {
  const limit = host.table.entries.get(channel)?.perConnection;
  if (limit === undefined || !req.conn.wants(channel)) return;
  throw new UwsRefusal(channel === "margin" ? UWS_ERRORS.alreadyMargin : UWS_ERRORS.alreadyPositions);
}

/** Validates `params.token` with the authority; refuses with its error. */
export function authorize(host: SubscriptionHost, req: UwsRequest): string {
  const token = req.params.token;
  check(token !== undefined, UWS_ERRORS.missing("params.token"));
  check(typeof token === "string", UWS_ERRORS.invalid("params.token"));
  const verdict = host.tokens.validate(token, req.conn);
  if ("error" in verdict) throw new UwsRefusal(verdict.error);
  req.conn.account ??= verdict.account;
  return token;
}

function symbolsOf(host: SubscriptionHost, req: UwsRequest): string[] {
  check(req.params.asset_class !== undefined, UWS_ERRORS.missing("params.asset_class"));
  check(req.params.asset_class === "derivatives", UWS_ERRORS.invalid("params.asset_class"));
  const symbols = stringsParam(req.params, "symbol");
  for (const s of symbols) check(host.exchange.instruments.has(s), UWS_ERRORS.unknownSymbol(s));
  return symbols;
}

function depthOf(host: SubscriptionHost, params: Json, channel: "book" | "level3" = "book"): number {
  const t = host.table;
  const depth = params.depth ?? (channel === "book" ? t.bookDefaultDepth : t.level3DefaultDepth);
  const allowed = channel === "book" ? t.bookDepths : t.level3Depths;
  check(typeof depth === "number" && allowed.includes(depth), UWS_ERRORS.invalid("params.depth"));
  return depth;
}

/** Symbols one connection may hold on `level3` (the UWS level3 page: at most 200). */
export const LEVEL3_SYMBOLS_PER_CONNECTION = 200;

/** `level3`: the book's individual orders, on the public host with a token. */
function level3(host: SubscriptionHost, req: UwsRequest): void {
  const { conn } = req;
  const ex = host.exchange;
  const symbols = symbolsOf(host, req);
  const depth = depthOf(host, req.params, "level3");
  const snapshot = boolParam(req.params, "snapshot", true);
  const held = new Set([...conn.level3.keys(), ...symbols]);
  check(held.size <= LEVEL3_SYMBOLS_PER_CONNECTION, UWS_ERRORS.level3Symbols(LEVEL3_SYMBOLS_PER_CONNECTION));
  holdToken(host, req);
  for (const s of symbols) {
    conn.subscribe("level3", s);
    const result = { channel: "level3", symbol: s, depth, snapshot, warnings: [] };
    conn.send(ack(req, ex.clock.now(), { result }));
  }
  for (const s of symbols) {
    const view = new Level3View(ex.instruments.get(s)!, depth);
    conn.level3.set(s, view);
    const message = view.snapshot(ex.books.get(s)!, ex.clock.now(), host.corruptChecksum());
    if (snapshot) conn.send(message);
  }
}

/** Handles a `subscribe`: acknowledgements, then snapshots. */
export function subscribe(host: SubscriptionHost, req: UwsRequest): void {
  const channel = channelOf(host, req);
  const { conn } = req;
  const ex = host.exchange;
  const now = () => ex.clock.now();
  switch (channel) {
    case "book": {
      const symbols = symbolsOf(host, req);
      const depth = depthOf(host, req.params);
      const snapshot = boolParam(req.params, "snapshot", true);
      for (const s of symbols) {
        conn.subscribe("book", s);
        conn.send(ack(req, now(), { result: { channel, symbol: s, depth, snapshot, warnings: [] } }));
      }
      for (const s of symbols) {
        const view = new BookView(ex.instruments.get(s)!, depth);
        conn.books.set(s, view);
        const message = view.snapshot(ex.books.get(s)!.levels(), now(), host.corruptChecksum());
        if (snapshot) conn.send(message);
      }
      return;
    }
    case "level3":
      level3(host, req);
      return;
    case "ticker":
    case "trade": {
      const symbols = symbolsOf(host, req);
      const snapshot = boolParam(req.params, "snapshot", channel === "ticker");
      for (const s of symbols) {
        conn.subscribe(channel, s);
        conn.send(ack(req, now(), { result: { channel, symbol: s, snapshot, warnings: [] } }));
      }
      if (!snapshot) return;
      for (const s of symbols) {
        const data = channel === "ticker" ? [tickerEntry(ex, s)] : tradeSnapshotEntries(ex, s);
        conn.send({ channel, type: "snapshot", data });
      }
      return;
    }
    case "instrument": {
      check(req.params.asset_class !== undefined, UWS_ERRORS.missing("params.asset_class"));
      const snapshot = boolParam(req.params, "snapshot", true);
      conn.subscribe(channel, WHOLE_CHANNEL);
      conn.send(ack(req, now(), { result: { channel, snapshot, warnings: [] } }));
      if (snapshot) conn.send({ channel, type: "snapshot", data: instrumentData(ex) });
      return;
    }
    case "executions": {
      check(req.params.asset_class !== undefined, UWS_ERRORS.missing("params.asset_class"));
      const snapOrders = boolParam(req.params, "snap_orders", true);
      const snapTrades = boolParam(req.params, "snap_trades", false);
      conn.executions = { orderStatus: boolParam(req.params, "order_status", true) };
      holdToken(host, req);
      conn.subscribe(channel, WHOLE_CHANNEL);
      conn.send(ack(req, now(), { result: { channel, snapshot: snapOrders || snapTrades, warnings: [] } }));
      if (snapOrders || snapTrades) {
        conn.send({ channel, type: "snapshot", data: executionsSnapshot(ex, snapOrders, snapTrades) });
      }
      return;
    }
    case "margin":
    case "positions":
    case "ledgers":
    case "preferences":
      accountChannel(host, req, channel);
      return;
    case "balances": {
      const snapshot = boolParam(req.params, "snapshot", true);
      holdToken(host, req);
      conn.subscribe(channel, WHOLE_CHANNEL);
      conn.send(ack(req, now(), { result: { channel, snapshot, warnings: [] } }));
      if (snapshot) conn.send({ channel, type: "snapshot", data: balancesSnapshot(holdings(ex)) });
      return;
    }
  }
}

/** Subscribes to `margin`, `positions`, `ledgers` or `preferences`. */
function accountChannel(host: SubscriptionHost, req: UwsRequest, channel: string): void {
  const { conn, params } = req;
  const ex = host.exchange;
  const now = ex.clock.now();
  if (channel === "margin" || channel === "positions") {
    check(params.asset_class !== undefined, UWS_ERRORS.missing("params.asset_class"));
    check(params.asset_class === "derivatives", UWS_ERRORS.invalid("params.asset_class"));
    checkPerConnection(host, req, channel);
  }
  check(
    !(channel === "positions" && params.snapshot !== undefined && params.with_margin !== undefined),
    UWS_ERRORS.snapshotWithMargin,
  );
  const snapshot = channel === "positions" ? boolParam(params, "snapshot", true) : undefined;
  const withMargin = channel === "positions" && boolParam(params, "with_margin", false);
  holdToken(host, req);
  conn.subscribe(channel, WHOLE_CHANNEL);
  const result = { channel, ...(snapshot === undefined ? {} : { snapshot }), warnings: [] };
  conn.send(ack(req, now, { result }));
  if (channel === "margin") {
    const messages = marginMessages(ex);
    conn.marginText = JSON.stringify(messages);
    for (const m of messages) conn.send(m);
  } else if (channel === "positions") {
    const entries = positionEntries(ex, withMargin);
    conn.positionsWithMargin = withMargin;
    conn.positionTexts = positionTexts(entries);
    // "Exactly one snapshot per subscription, before any update" (with_margin included: it only
    // forbids sending `snapshot`).
    if (snapshot && host.faults.positionsTooLarge) {
      host.faults.positionsTooLarge = false;
      conn.send({
        channel,
        type: "snapshot",
        data: { futures: [], options: [], status: "snapshot_too_large" },
      });
    } else if (snapshot) conn.send(positionsMessage("snapshot", [...entries.values()], now));
  } else if (channel === "preferences") {
    conn.send({ channel, type: "snapshot", data: { futures_trading: host.futuresTrading } });
  }
}

function holdToken(host: SubscriptionHost, req: UwsRequest): void {
  const token = req.params.token as string;
  if (!req.conn.heldTokens.has(token)) {
    req.conn.heldTokens.add(token);
    host.tokens.hold(token, req.conn);
  }
}

/** Handles an `unsubscribe`: one acknowledgement per symbol (a refusal when not subscribed). */
export function unsubscribe(host: SubscriptionHost, req: UwsRequest): void {
  const channel = channelOf(host, req);
  const { conn } = req;
  const now = () => host.exchange.clock.now();
  if (channel === "book" || channel === "level3" || channel === "ticker" || channel === "trade") {
    const symbols = stringsParam(req.params, "symbol");
    for (const s of symbols) check(conn.wants(channel, s), UWS_ERRORS.notSubscribed(channel));
    for (const s of symbols) {
      const depth = (channel === "level3" ? conn.level3 : conn.books).get(s)?.depth;
      conn.unsubscribe(channel, s);
      const result = { channel, symbol: s, ...(depth === undefined ? {} : { depth }) };
      conn.send(ack(req, now(), { result }));
    }
    return;
  }
  check(conn.unsubscribe(channel, WHOLE_CHANNEL), UWS_ERRORS.notSubscribed(channel));
  conn.send(ack(req, now(), { result: { channel } }));
}
