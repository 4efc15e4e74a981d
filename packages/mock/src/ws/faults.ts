/**
 * Fault injection for the WebSocket side, programmatic like the HTTP faults: drop connections, send
 * malformed frames, withhold a book delta (a sequence gap), and go silent (no messages, no pongs).
 */

/** Kinds of malformed frame {@link WsFaults.malformed} can send. */
export type MalformedKind =
  /** a real-looking book message cut in the middle */
  | "truncated"
  /** bytes that are not UTF-8 text */
  | "binary"
  /** text that is not JSON */
  | "text"
  /** a JSON object with neither `feed` nor `event` */
  | "noDiscriminator"
  /** a book delta whose numbers are not numbers */
  | "badNumbers";

/** Which connections a fault targets: one by id, or every open one (default). */
export interface WsFaultTarget {
  readonly connection?: number;
}

/** A silence that can be ended early. */
export interface SilenceHandle {
  /** Ends the silence now. */
  end(): void;
}

/** What the faults act on; implemented by the server. */
export interface WsFaultHost {
  targets(target: WsFaultTarget): readonly FaultableConnection[];
  now(): number;
}

/** The part of a connection the faults touch. */
export interface FaultableConnection {
  readonly id: number;
  /** Products whose next book delta this connection does not receive. */
  readonly withheld: Map<string, number>;
  /** The connection sends nothing (no pongs either) while `now() < silentUntil`. */
  silentUntil: number;
  sendRaw(data: string | Buffer): void;
  terminate(): void;
  close(code: number, reason: string): void;
}

const MALFORMED: Record<MalformedKind, string | Buffer> = {
  truncated: '{"feed":"book","product_id":"PF_XBTUSD","side":"buy","seq":12',
  binary: Buffer.from([0xff, 0xfe, 0x00, 0x13, 0xc3]),
  text: "this is not JSON",
  noDiscriminator: '{"product_id":"PF_XBTUSD","price":1}',
  badNumbers: '{"feed":"book","product_id":"PF_XBTUSD","side":"buy","seq":"x","price":"abc","qty":"1e"}',
};

/** The WebSocket faults of one mock exchange (`mock.ws.faults`). */
export class WsFaults {
  readonly #host: WsFaultHost;

  constructor(host: WsFaultHost) {
    this.#host = host;
  }

  /**
   * Drops connections: without a close handshake (the client sees code 1006), or with `code` as a
   * server close frame (1001 "going away", 1011 ...). Returns how many were dropped.
   */
  drop(target: WsFaultTarget & { readonly code?: number } = {}): number {
    const list = this.#host.targets(target);
    for (const c of list) {
      if (target.code === undefined) c.terminate();
      else c.close(target.code, "fault: dropped by the mock");
    }
    return list.length;
  }

  /** Sends one malformed frame now (default `truncated`). Returns how many connections got it. */
  malformed(target: WsFaultTarget & { readonly kind?: MalformedKind } = {}): number {
    const list = this.#host.targets(target);
    const frame = MALFORMED[target.kind ?? "truncated"];
    for (const c of list) c.sendRaw(frame);
    return list.length;
  }

  /**
   * Withholds the next `count` (default 1) book deltas of `productId` from the targeted connections:
   * their next delta skips a `seq`, as after a lost message. Returns how many connections it applies to.
   */
  gap(productId: string, target: WsFaultTarget & { readonly count?: number } = {}): number {
    const list = this.#host.targets(target);
    for (const c of list) c.withheld.set(productId, (c.withheld.get(productId) ?? 0) + (target.count ?? 1));
    return list.length;
  }

  /**
   * The targeted connections (those open now) send nothing, not even pongs or heartbeats, for `ms`
   * milliseconds of the exchange's clock (default: until `end()`). Messages due meanwhile are lost;
   * requests are still processed. New connections are not affected.
   */
  silence(target: WsFaultTarget & { readonly ms?: number } = {}): SilenceHandle {
    const list = this.#host.targets(target);
    const until = target.ms === undefined ? Number.POSITIVE_INFINITY : this.#host.now() + target.ms;
    for (const c of list) c.silentUntil = Math.max(c.silentUntil, until);
    return {
      end: () => {
        for (const c of list) c.silentUntil = Number.NEGATIVE_INFINITY;
      },
    };
  }
}
