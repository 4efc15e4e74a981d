// The WebSocket stand-in for the book benchmarks, in its own process (child_process.fork) so that
// producing frames never shares a core with the client being measured. argv[2]: the number of deltas;
// argv[3]: "v1" (default, the v1 book feed) or "uws" (the same changes as UWS book frames).
//
// Frames are pre-encoded once at start-up: every message of the feed becomes a ready-to-write
// unmasked text frame, concatenated into large buffers. On a subscribe to `book`, the server answers
// `subscribed` and writes the buffers to the socket as fast as it accepts them (waiting for `drain`
// only when the kernel buffer is full). The WebSocket handshake is done here by hand (RFC 6455: no
// extensions, so no compression) to keep the ws library's own work out of the producer side.
//
// The same port answers GET /derivatives/api/v3/instruments with the spec's example, because ccxt
// loads markets before it subscribes.
import { createHash } from "node:crypto";
import { createServer } from "node:http";
import { exitWithParent } from "../lib/child.mjs";
import { specExample } from "../lib/fixtures.mjs";
import { makeUwsFeed } from "../uws-book/feed.mjs";
import { makeFeed } from "./feed.mjs";

exitWithParent(280_000);

const DELTAS = Number(process.argv[2] ?? 100_000);
// "v1" (default): the Derivatives WebSocket v1 book feed; "uws": the same changes as UWS book frames.
const KIND = process.argv[3] ?? "v1";
const feed = KIND === "uws" ? makeUwsFeed(DELTAS) : makeFeed(DELTAS);

/** @param {string} text */
function frame(text) {
  const payload = Buffer.from(text, "utf8");
  const length = payload.length;
  let header;
  if (length < 126) header = Buffer.from([0x81, length]);
  else if (length < 65536) {
    header = Buffer.alloc(4);
    header[0] = 0x81;
    header[1] = 126;
    header.writeUInt16BE(length, 2);
  } else {
    header = Buffer.alloc(10);
    header[0] = 0x81;
    header[1] = 127;
    header.writeBigUInt64BE(BigInt(length), 2);
  }
  return Buffer.concat([header, payload]);
}

// 256 KiB chunks: large enough that writing is a few syscalls per chunk, small enough for backpressure.
const CHUNK = 256 * 1024;
/** @type {Buffer[]} */
const chunks = [];
{
  let pending = [];
  let size = 0;
  for (const message of feed.messages) {
    const f = frame(message);
    pending.push(f);
    size += f.length;
    if (size >= CHUNK) {
      chunks.push(Buffer.concat(pending));
      pending = [];
      size = 0;
    }
  }
  if (pending.length > 0) chunks.push(Buffer.concat(pending));
}
const instrumentsBody = Buffer.from(JSON.stringify(specExample("/instruments", "get", "success")));

/**
 * Reads client frames (masked, RFC 6455) from `buffer`; returns the decoded text messages and the rest.
 * @param {Buffer} buffer
 */
function readFrames(buffer) {
  /** @type {{ opcode: number, text: string }[]} */
  const out = [];
  let offset = 0;
  while (buffer.length - offset >= 2) {
    const opcode = buffer[offset] & 0x0f;
    let length = buffer[offset + 1] & 0x7f;
    let at = offset + 2;
    if (length === 126) {
      if (buffer.length - at < 2) break;
      length = buffer.readUInt16BE(at);
      at += 2;
    } else if (length === 127) {
      if (buffer.length - at < 8) break;
      length = Number(buffer.readBigUInt64BE(at));
      at += 8;
    }
    if (buffer.length - at < 4 + length) break;
    const mask = buffer.subarray(at, at + 4);
    const payload = Buffer.from(buffer.subarray(at + 4, at + 4 + length));
    for (let i = 0; i < payload.length; i++) payload[i] ^= mask[i & 3];
    out.push({ opcode, text: payload.toString("utf8") });
    offset = at + 4 + length;
  }
  return { messages: out, rest: buffer.subarray(offset) };
}

/** @param {import("node:net").Socket} socket */
async function stream(socket) {
  for (const chunk of chunks) {
    if (socket.destroyed) return;
    if (!socket.write(chunk)) {
      await new Promise((resolve) => {
        socket.once("drain", resolve);
        socket.once("close", resolve);
      });
    }
  }
}

const server = createServer((req, res) => {
  if (req.method === "GET" && req.url?.startsWith("/derivatives/api/v3/instruments")) {
    res.writeHead(200, { "content-type": "application/json", "content-length": instrumentsBody.length });
    res.end(instrumentsBody);
    return;
  }
  res.writeHead(404, { "content-type": "application/json" });
  res.end(`{"result":"error","error":"notFound"}`);
});

server.on("upgrade", (req, socket) => {
  const key = req.headers["sec-websocket-key"];
  if (typeof key !== "string") {
    socket.destroy();
    return;
  }
  const accept = createHash("sha1").update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest("base64");
  socket.setNoDelay(true);
  socket.write(
    "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
      `Sec-WebSocket-Accept: ${accept}\r\n\r\n`,
  );
  if (KIND === "v1") socket.write(frame(JSON.stringify({ event: "info", version: 1 })));
  let buffered = Buffer.alloc(0);
  socket.on("data", (data) => {
    const { messages, rest } = readFrames(Buffer.concat([buffered, data]));
    buffered = rest;
    for (const { opcode, text } of messages) {
      if (opcode === 0x8) {
        // Close: answer with a close frame and end.
        socket.end(Buffer.from([0x88, 0]));
        return;
      }
      if (opcode === 0x9) {
        socket.write(Buffer.from([0x8a, 0]));
        continue;
      }
      if (opcode !== 0x1) continue;
      let message;
      try {
        message = JSON.parse(text);
      } catch {
        continue;
      }
      if (message.event === "subscribe" && message.feed === "book") {
        socket.write(
          frame(JSON.stringify({ event: "subscribed", feed: "book", product_ids: message.product_ids })),
        );
        void stream(socket);
      } else if (message.method === "subscribe" && message.params?.channel === "book") {
        const { symbol, depth } = message.params;
        const result = { channel: "book", symbol: symbol?.[0], depth, snapshot: true };
        socket.write(
          frame(JSON.stringify({ method: "subscribe", result, success: true, req_id: message.req_id })),
        );
        void stream(socket);
      }
    }
  });
  socket.on("error", () => socket.destroy());
});

process.on("message", (/** @type {any} */ message) => {
  if (message?.type === "stop") {
    server.close();
    process.exit(0);
  }
});

server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  process.send?.({
    type: "ready",
    port: typeof address === "object" && address ? address.port : 0,
    lastSeq: "lastSeq" in feed ? feed.lastSeq : undefined,
    lastTimestamp: "lastTimestamp" in feed ? feed.lastTimestamp : undefined,
    expected: feed.expected,
    bytes: chunks.reduce((n, c) => n + c.length, 0),
  });
});
