/**
 * The default transport outside Node (browsers, Deno, Bun, workers): the runtime's global `fetch`.
 * Chosen by the `default` condition of `#transport`, so browser bundles never see node:http.
 */
import type { Fetch, TransportOptions } from "./types.js";

/** Returns the global `fetch`; the options only matter to the Node transport. */
export function createDefaultTransport(_options: TransportOptions = {}): Fetch {
  if (typeof globalThis.fetch !== "function") {
    throw new TypeError("this runtime has no global fetch: pass one in the client's `fetch` option");
  }
  return (request) => globalThis.fetch(request);
}
