// The loopback UWS stand-in for the add_order benchmark, in its own process (forked by bench.mjs) so
// its work runs on the second core. It answers `add_order` at once with an acknowledgement shaped as
// the spec's AddOrderAck (req_id, cl_ord_id echoed), `ping` with `pong`, and `subscribe` with success:
// what is timed is the client's round trip, not an engine.
import { WebSocketServer } from "ws";
import { exitWithParent } from "../lib/child.mjs";

exitWithParent(280_000);

const wss = new WebSocketServer({ host: "127.0.0.1", port: 0 });
let orders = 0;
wss.on("connection", (socket) => {
  socket.on("message", (data) => {
    const request = JSON.parse(String(data));
    const { method, req_id } = request;
    const stamp = { time_in: "2026-12-02T00:00:00.000000Z", time_out: "2026-12-02T00:00:00.000010Z", req_id };
    if (method === "add_order") {
      orders++;
      const result = {
        order_id: `00000000-0000-4000-8000-${String(orders).padStart(12, "0")}`,
        cl_ord_id: request.params?.cl_ord_id,
        warnings: [],
      };
      socket.send(JSON.stringify({ method, result, success: true, ...stamp }));
    } else if (method === "ping") socket.send(JSON.stringify({ method: "pong", success: true, ...stamp }));
    else
      socket.send(
        JSON.stringify({ method, result: { channel: request.params?.channel }, success: true, ...stamp }),
      );
  });
});
wss.on("listening", () => {
  const address = wss.address();
  process.send?.({ type: "ready", port: typeof address === "object" && address ? address.port : 0 });
});
process.on("message", (message) => {
  if (/** @type {{ type?: string }} */ (message)?.type === "stop") wss.close(() => process.exit(0));
});
