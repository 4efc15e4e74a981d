/**
 * `@kraken-futures/core/internal`: pieces of the HTTP pipeline that the SDK's own packages reach in
 * their tests (the internal request, the Node transport, the URL builder, the deadline timer). Not
 * part of the API: no semver promise, no documentation beyond the source. Users import
 * `@kraken-futures/core/http`.
 *
 * @internal
 * @packageDocumentation
 */
// The Node transport itself, not `#transport`: this entry is for Node-side tests of sibling packages.

export { type Deadline, Deadlines } from "./deadlines.js";
export { snippet } from "./errors.js";
export { type KeyTurns, keyTurns } from "./key-turns.js";
export { redirectError, responseHeader } from "./redirects.js";
export { DEFAULT_MAX_RETRY_AFTER_MS, parseRetryAfter } from "./retry-after.js";
export { timerSleep } from "./send-queue.js";
export { unsignedParts } from "./stages/sign.js";
export { successProblem } from "./success-shape.js";
export { headerRecord, LiteRequest, type LiteResponse } from "./transport/lite.js";
export { createDefaultTransport } from "./transport/node.js";
export { type LiteTransport, ResponseTooLargeError } from "./transport/types.js";
export { callUrl, fillPath, PATH_PARAM } from "./url.js";
