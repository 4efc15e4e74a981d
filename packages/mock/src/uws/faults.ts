/** The faults the UWS side can inject (`mock.uws.faults`), for clients to survive. */

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
  };
}
