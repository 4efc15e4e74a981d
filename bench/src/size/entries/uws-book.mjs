// What a browser app that keeps a verified UWS order book ships of the book path: the frame decoder
// (exact number texts) and the checksum-verified book view, on the browser's own WebSocket.
import { decodeUwsFrame, UwsBookView } from "@kraken-futures/uws";

export function watchBook(/** @type {WebSocket} */ socket, /** @type {() => void} */ resubscribe) {
  const view = new UwsBookView({ symbol: "PF_XBTUSD", depth: 10, resubscribe });
  socket.addEventListener("message", (event) => {
    const message = decodeUwsFrame(String(event.data));
    if (message.channel !== "book") return;
    for (const entry of /** @type {any[]} */ (message.data))
      view.apply(entry, /** @type {any} */ (message.type));
  });
  return view;
}
