/**
 * Test helpers of the SDK: a manual clock with timers, and fake WebSockets the test drives as the server.
 * A separate entry point, so production bundles never carry them.
 *
 * @packageDocumentation
 */
export {
  createFakeWebSockets,
  FakeWebSocket,
  type FakeWebSocketOptions,
  type FakeWebSockets,
} from "./fake-websocket.js";
export { flush, ManualClock } from "./manual-clock.js";
