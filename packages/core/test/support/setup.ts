import {
  type Connection,
  type ConnectionOptions,
  type ConnectionState,
  createConnection,
  TRANSITIONS,
} from "../../src/index.js";
import { createFakeWebSockets, type FakeWebSocket, ManualClock } from "../../src/testing/index.js";

export interface Harness<In, Sub, Auth> {
  connection: Connection<In, Sub, Auth>;
  clock: ManualClock;
  sockets: FakeWebSocket[];
  last(): FakeWebSocket;
  states: ConnectionState[];
  reasons: string[];
  errors: Error[];
}

/**
 * A connection on fake sockets and the manual clock, in strict mode (an illegal state move throws), that
 * records every state, reconnect reason and error. `onConnect` plays the server for each new socket.
 */
export function harness<In, Sub, Auth>(
  options: Omit<ConnectionOptions<In, Sub, Auth>, "url" | "WebSocket" | "clock" | "timers"> & {
    style?: "browser" | "node";
    onConnect?: (socket: FakeWebSocket) => void;
  },
): Harness<In, Sub, Auth> {
  const clock = new ManualClock(1_700_000_000_000);
  const fake = createFakeWebSockets({ style: options.style ?? "browser", onConnect: options.onConnect });
  const { style: _style, onConnect: _onConnect, ...rest } = options;
  const connection = createConnection<In, Sub, Auth>({
    url: "wss://example.test/ws",
    WebSocket: fake.WebSocket,
    clock,
    timers: clock,
    strict: true,
    ...rest,
  } as ConnectionOptions<In, Sub, Auth>);
  const states: ConnectionState[] = ["idle"];
  const reasons: string[] = [];
  const errors: Error[] = [];
  connection.on("state", ({ from, to }) => {
    if (!TRANSITIONS[from].includes(to)) throw new Error(`illegal ${from} -> ${to} was emitted`);
    states.push(to);
  });
  connection.on("reconnecting", ({ reason }) => reasons.push(reason));
  connection.on("error", (error) => errors.push(error));
  return {
    connection,
    clock,
    sockets: fake.sockets,
    last: () => {
      const socket = fake.last;
      if (!socket) throw new Error("no socket was created");
      return socket;
    },
    states,
    reasons,
    errors,
  };
}
