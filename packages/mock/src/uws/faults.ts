/**
 * The faults the UWS side can inject (`mock.uws.faults`), for clients to survive. Every one can be armed
 * at start (`startMockExchange({ uws: { faults } })`, CLI `--uws-fault`) or set on `mock.uws.faults`
 * while the mock runs.
 */

/** Kinds of malformed frame the server can send in place of a channel message. */
export type UwsMalformedKind =
  /** a real-looking channel message cut in the middle */
  | "truncated"
  /** bytes that are not UTF-8 text, as a binary frame */
  | "binary"
  /** text that is not JSON */
  | "text"
  /** a JSON object with neither `channel` nor `method` */
  | "noDiscriminator";

/** The malformed kinds, for the CLI and for validation. */
export const UWS_MALFORMED_KINDS: readonly UwsMalformedKind[] = [
  "truncated",
  "binary",
  "text",
  "noDiscriminator",
];

/** The frame each {@link UwsMalformedKind} sends. */
export const UWS_MALFORMED_FRAMES: Readonly<Record<UwsMalformedKind, string | Buffer>> = {
  truncated: '{"channel":"book","type":"update","data":[{"symbol":"PF_XBTUSD","bids":[{"price":45283.5,"qty',
  binary: Buffer.from([0xff, 0xfe, 0x00, 0x13, 0xc3]),
  text: "this is not JSON",
  noDiscriminator: '{"symbol":"PF_XBTUSD","price":1}',
};

/** UWS faults for clients to survive. */
export interface UwsFaults {
  /** Book messages sent from now on carry a wrong checksum (until set back to false). */
  corruptChecksum: boolean;
  /** The next `ledgers` update of each connection skips this many sequence numbers (then 0 again). */
  ledgerGap: number;
  /**
   * Drops the connection (no close frame) on the next request other than `ping`: `"before"` the engine
   * sees it, or `"after"` it was handled but before its acknowledgement is sent. Cleared once used.
   */
  dropNextRequest: "before" | "after" | undefined;
  /**
   * Holds every acknowledgement back (data still flows) until `mock.uws.releaseAcks()`: a
   * delayed ack, driven by the test rather than a timer.
   */
  holdAcks: boolean;
  /** Nothing is sent (data, acks, heartbeats, protocol pongs) while true; what falls due is lost. */
  silence: boolean;
  /** The next `positions` snapshot is `status: snapshot_too_large` with empty lists and no time. */
  positionsTooLarge: boolean;
  /**
   * Every `malformedEvery`-th channel message of each connection (heartbeats included) is replaced by a
   * malformed frame of kind {@link malformedKind}; the message it replaces is lost, as a corrupted frame
   * would be. 0 (the default) is off; 1 replaces every channel message.
   */
  malformedEvery: number;
  /** The kind of frame {@link malformedEvery} sends. Default `truncated`. */
  malformedKind: UwsMalformedKind;
}

/** No fault armed: the default of `mock.uws.faults`. */
export function noFaults(): UwsFaults {
  return {
    corruptChecksum: false,
    ledgerGap: 0,
    dropNextRequest: undefined,
    holdAcks: false,
    silence: false,
    positionsTooLarge: false,
    malformedEvery: 0,
    malformedKind: "truncated",
  };
}

/** `noFaults()` with `armed` applied, checked: a bad value is a `RangeError` before anything starts. */
export function armFaults(armed: Partial<UwsFaults> = {}): UwsFaults {
  const faults = { ...noFaults(), ...armed };
  const count = (name: string, v: number) => {
    if (!Number.isInteger(v) || v < 0)
      throw new RangeError(`uws.faults.${name} must be a non-negative integer, got ${v}`);
  };
  count("ledgerGap", faults.ledgerGap);
  count("malformedEvery", faults.malformedEvery);
  if (
    faults.dropNextRequest !== undefined &&
    faults.dropNextRequest !== "before" &&
    faults.dropNextRequest !== "after"
  )
    throw new RangeError(
      `uws.faults.dropNextRequest must be "before" or "after", got ${String(faults.dropNextRequest)}`,
    );
  if (!UWS_MALFORMED_KINDS.includes(faults.malformedKind))
    throw new RangeError(`uws.faults.malformedKind must be one of ${UWS_MALFORMED_KINDS.join(", ")}`);
  return faults;
}
