/** Hands each decoded message of a connection to the views and subscriptions of its channel. */
import { Listeners } from "./emitter.js";
import type { UwsMessage } from "./protocol.js";

/** Listeners by channel name. */
export class Router extends Listeners<Record<string, UwsMessage>> {
  /** Adds `deliver` for `channel`; returns the function that removes it. */
  attach(channel: string, deliver: (message: UwsMessage) => void): () => void {
    return this.on(channel, deliver);
  }

  route(message: UwsMessage): void {
    if (typeof message.channel === "string") this.emit(message.channel, message);
  }
}
