// Keep-alive on the UWS: application pings, a silent socket dropped and replaced (heartbeats and pongs
// count as signs of life), and reconnects that never give up by default.
import { afterEach, describe, expect, it } from "vitest";
import { type Bed, startBed, stopBed } from "./bed.js";

let bed: Bed | undefined;
afterEach(async () => {
  await stopBed(bed);
  bed = undefined;
});

describe("keep-alive", () => {
  it("pings, notices a silent socket and reconnects, subscriptions restored", async () => {
    bed = await startBed({ keepAlive: { pingIntervalMs: 40, silenceTimeoutMs: 300 } });
    const { client, mock } = bed;
    const ticker = client.subscribe("ticker", { symbol: ["PF_XBTUSD"] });
    await ticker.ready;
    const reasons: string[] = [];
    const reconnecting = new Promise<void>((resolve) =>
      client.on("reconnecting", ({ reason }) => {
        reasons.push(reason);
        resolve();
      }),
    );
    const before = mock.uws.requests.filter(
      (r) => (r.request as { method?: string }).method === "ping",
    ).length;
    await new Promise((resolve) => setTimeout(resolve, 150));
    const pings = mock.uws.requests.filter(
      (r) => (r.request as { method?: string }).method === "ping",
    ).length;
    expect(pings).toBeGreaterThan(before); // application-level pings on the socket
    mock.uws.faults.silence = true;
    await reconnecting;
    expect(reasons[0]).toMatch(/nothing arrived/);
    mock.uws.faults.silence = false;
    await new Promise<void>((resolve) => client.on("reconnected", () => resolve()));
    await new Promise<void>((resolve) => {
      const check = () =>
        mock.uws.connections.some((c) => c.access === "public" && c.wants("ticker", "PF_XBTUSD"))
          ? resolve()
          : setTimeout(check, 5);
      check();
    });
    expect(client.state.public).toBe("ready");
  }, 15_000);
});
