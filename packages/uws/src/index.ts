/**
 * A typed client of Kraken's Unified WebSocket (UWS) for derivatives, on the core WebSocket connection
 * of `@kraken-futures/core`. Under construction (issue 16): today it exports the generated protocol
 * types and tables, read from `specs/asyncapi/uws`.
 *
 * @packageDocumentation
 */
export type {
  UwsAck,
  UwsData,
  UwsMethodAcks,
  UwsMethodRequests,
  UwsSubscribeRequests,
} from "./generated/uws.gen.js";
export { uwsChannels, uwsMethods } from "./generated/uws.gen.js";
