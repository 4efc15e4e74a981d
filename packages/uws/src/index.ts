/**
 * A typed client of Kraken's Unified WebSocket (UWS) for derivatives, on the core WebSocket connection
 * of `@kraken-futures/core`. Under construction (issue 16): today it exports the generated protocol
 * types and tables, read from `specs/asyncapi/uws`.
 *
 * @packageDocumentation
 */

export { bookChecksum } from "./book/checksum.js";
export { crc32 } from "./book/crc32.js";
export {
  type BookEvent,
  type BookEventName,
  type BookViewOptions,
  DEFAULT_MAX_RESYNCS,
  DEFAULT_RESYNC_WINDOW_MS,
  type UwsBookEntry,
  UwsBookView,
} from "./book/view.js";
export { decodeUwsFrame, UwsDecodeError, type UwsInbound, type UwsLevel } from "./decode.js";
export type {
  UwsAck,
  UwsData,
  UwsMethodAcks,
  UwsMethodRequests,
  UwsSubscribeRequests,
} from "./generated/uws.gen.js";
export { uwsChannels, uwsMethods } from "./generated/uws.gen.js";
