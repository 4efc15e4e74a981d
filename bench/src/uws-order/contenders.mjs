// The contenders of the add_order round-trip benchmark. Each `make(port)` returns `{ call, close }`;
// `call()` sends one order and resolves on its acknowledgement.
import WebSocket from "ws";

const ORDER = { order_type: "limit", side: "buy", order_qty: 1, symbol: "PF_XBTUSD", limit_price: 50_000 };

/**
 * The floor: a hand-written `ws` client that sends the frame it would send anyway (token, asset_class,
 * a cl_ord_id) and matches the answer by req_id in a Map; no checks, no typing.
 * @param {number} port
 */
export async function floor(port) {
  const socket = new WebSocket(`ws://127.0.0.1:${port}/v2/private`);
  await new Promise((resolve, reject) => {
    socket.once("open", resolve);
    socket.once("error", reject);
  });
  /** @type {Map<number, (m: unknown) => void>} */
  const waiting = new Map();
  socket.on("message", (data) => {
    const message = JSON.parse(String(data));
    waiting.get(message.req_id)?.(message);
    waiting.delete(message.req_id);
  });
  let reqId = 0;
  const call = () =>
    new Promise((resolve) => {
      const req_id = ++reqId;
      waiting.set(req_id, resolve);
      const params = {
        asset_class: "derivatives",
        ...ORDER,
        cl_ord_id: globalThis.crypto.randomUUID(),
        token: "t",
      };
      socket.send(JSON.stringify({ method: "add_order", params, req_id }));
    });
  return { call, close: async () => socket.close() };
}

/**
 * This SDK's UWS client: `addOrder` (spec checks, generated cl_ord_id, req_id correlation, typed ack).
 * @param {number} port
 */
export async function sdk(port) {
  const { createUwsClient } = await import("@kraken-futures/uws");
  const client = createUwsClient({
    urls: { public: `ws://127.0.0.1:${port}/v2/public`, private: `ws://127.0.0.1:${port}/v2/private` },
    WebSocket,
    token: async () => "t",
    // The benchmark sends back to back: the per-socket rate limit would time the limiter, not the client.
    rate: { perSecond: 1_000_000, burst: 1_000_000 },
  });
  const call = async () => {
    const ack = await client.addOrder(ORDER);
    if (ack.success !== true) throw new Error(`sdk: unexpected answer ${JSON.stringify(ack)}`);
    return ack;
  };
  return { call, close: () => client.close() };
}
