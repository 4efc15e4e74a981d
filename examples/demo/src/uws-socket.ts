/**
 * A minimal Unified WebSocket connection for the demo: requests correlated by `req_id`, channel frames
 * kept as their exact text (the book checksum hashes the decimals as sent), and Kraken's v2 book
 * checksum with a small CRC32 of its own. The SDK's UWS client package does this properly; the demo
 * shows the wire.
 */
import WebSocket from "ws";

type Json = Record<string, unknown>;

/** An open UWS connection. */
export class DemoSocket {
  readonly frames: string[] = [];
  #reqId = 0;
  readonly #waiters: ((text: string, m: Json) => boolean)[] = [];

  private constructor(readonly socket: WebSocket) {
    socket.on("message", (data) => {
      const text = String(data);
      this.frames.push(text);
      const m = JSON.parse(text) as Json;
      for (let i = this.#waiters.length - 1; i >= 0; i--)
        if (this.#waiters[i]!(text, m)) this.#waiters.splice(i, 1);
    });
  }

  static open(url: string): Promise<DemoSocket> {
    const socket = new WebSocket(url);
    return new Promise((resolve, reject) => {
      socket.once("open", () => resolve(new DemoSocket(socket)));
      socket.once("error", reject);
    });
  }

  /** Waits for the first frame (arrived or to come) that `match` accepts; returns its text. */
  next(match: (m: Json) => boolean, timeoutMs = 5_000): Promise<string> {
    const seen = this.frames.find((t) => match(JSON.parse(t) as Json));
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("no answer from the UWS in time")), timeoutMs);
      this.#waiters.push((text, m) => {
        if (!match(m)) return false;
        clearTimeout(timer);
        resolve(text);
        return true;
      });
    });
  }

  /** Sends a request and resolves with its acknowledgement. */
  async call(method: string, params: Json): Promise<Json> {
    const req_id = ++this.#reqId;
    const answer = this.next((m) => m.req_id === req_id);
    this.socket.send(JSON.stringify({ method, params, req_id }));
    return JSON.parse(await answer) as Json;
  }

  close(): void {
    this.socket.terminate();
  }
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(s: string): number {
  let c = 0xffffffff;
  for (let i = 0; i < s.length; i++) c = CRC_TABLE[(c ^ s.charCodeAt(i)) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A book frame's levels with price and qty as their wire text (`JSON.parse` would drop trailing zeros). */
export function bookLevels(text: string): { bids: Level[]; asks: Level[]; checksum: number }[] {
  const quoted = text.replace(/"(price|qty)":(-?\d+(?:\.\d+)?)/g, '"$1":"$2"');
  return (JSON.parse(quoted) as { data: { bids: Level[]; asks: Level[]; checksum: number }[] }).data;
}

export interface Level {
  price: string;
  qty: string;
}

/** Kraken's v2 book checksum: CRC32 of the top 10 asks then bids, each price and qty without `.` and leading zeros. */
export function bookChecksum(asks: readonly Level[], bids: readonly Level[]): number {
  const digits = (s: string) => s.replace(".", "").replace(/^0+/, "");
  const side = (ls: readonly Level[]) =>
    ls
      .slice(0, 10)
      .map((l) => digits(l.price) + digits(l.qty))
      .join("");
  return crc32(side(asks) + side(bids));
}
