/**
 * The default transport on Node: node:http / node:https with keep-alive agents, behind the `fetch`
 * signature. Chosen by the `node` condition of `#transport`.
 *
 * Why not global fetch: on loopback a call through Node's fetch (undici behind the WHATWG streams
 * layer) costs several times what the same call costs over node:http with a kept-alive socket, and a
 * trading client pays that on every order.
 */
import http from "node:http";
import https from "node:https";
import {
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_MAX_SOCKETS,
  type Fetch,
  ResponseTooLargeError,
  type TransportOptions,
} from "./types.js";

/** Statuses whose `Response` must have no body. */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

/**
 * Creates a keep-alive transport with its own socket pools (one agent for http, one for https).
 * Sockets do not keep the process alive once idle.
 */
export function createDefaultTransport(options: TransportOptions = {}): Fetch {
  const maxSockets = options.maxSockets ?? DEFAULT_MAX_SOCKETS;
  const limit = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const agents = {
    "http:": new http.Agent({ keepAlive: true, maxSockets }),
    "https:": new https.Agent({ keepAlive: true, maxSockets }),
  };

  return async function nodeFetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const agent =
      url.protocol === "https:" ? agents["https:"] : url.protocol === "http:" ? agents["http:"] : null;
    if (!agent) throw new TypeError(`unsupported protocol ${url.protocol}`);
    const body = request.body === null ? undefined : Buffer.from(await request.arrayBuffer());
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => {
      headers[name] = value;
    });
    if (body !== undefined) headers["content-length"] = String(body.length);
    const signal = request.signal;
    if (signal.aborted) throw signal.reason;

    return new Promise<Response>((resolve, reject) => {
      const fail = (error: unknown) => reject(signal.aborted ? signal.reason : error);
      const send = url.protocol === "https:" ? https.request : http.request;
      const req = send(
        {
          agent,
          protocol: url.protocol,
          hostname: url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname,
          port: url.port,
          method: request.method,
          path: url.pathname + url.search,
          headers,
          signal,
        },
        (res) => {
          const status = res.statusCode ?? 0;
          const declared = Number(res.headers["content-length"]);
          if (declared > limit) {
            res.destroy();
            reject(new ResponseTooLargeError(status, limit));
            return;
          }
          const chunks: Buffer[] = [];
          let size = 0;
          res.on("data", (chunk: Buffer) => {
            size += chunk.length;
            if (size > limit) {
              res.destroy();
              reject(new ResponseTooLargeError(status, limit));
              return;
            }
            chunks.push(chunk);
          });
          res.on("error", fail);
          res.on("aborted", () => fail(new Error("the connection closed before the response ended")));
          res.on("end", () => {
            if (size > limit) return;
            const responseHeaders = new Headers();
            for (let i = 0; i < res.rawHeaders.length; i += 2) {
              responseHeaders.append(res.rawHeaders[i]!, res.rawHeaders[i + 1]!);
            }
            const buffer = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
            const payload = NULL_BODY.has(status)
              ? null
              : (new Uint8Array(
                  buffer.buffer,
                  buffer.byteOffset,
                  buffer.byteLength,
                ) as Uint8Array<ArrayBuffer>);
            try {
              resolve(
                new Response(payload, {
                  status,
                  statusText: res.statusMessage ?? "",
                  headers: responseHeaders,
                }),
              );
            } catch (error) {
              reject(error);
            }
          });
        },
      );
      req.on("error", fail);
      req.end(body);
    });
  };
}
