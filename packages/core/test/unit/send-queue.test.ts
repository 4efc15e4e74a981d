import { describe, expect, it } from "vitest";
import { ManualClock } from "../../src/testing/index.js";
import { SendQueue } from "../../src/ws/send-queue.js";

describe("SendQueue", () => {
  it("sends in order, never more than perSecond in any one-second window, dropping nothing", async () => {
    const clock = new ManualClock(1_000_000);
    const sent: { frame: string; at: number }[] = [];
    const queue = new SendQueue({ perSecond: 100, burst: 10 }, clock, clock, (frame) =>
      sent.push({ frame, at: clock.now() }),
    );
    queue.start();
    for (let i = 0; i < 300; i++) queue.push(String(i));
    expect(sent).toHaveLength(10); // the burst leaves at once
    await clock.advance(5_000);
    expect(sent.map((s) => s.frame)).toEqual(Array.from({ length: 300 }, (_, i) => String(i)));
    let worst = 0;
    for (const { at } of sent) {
      const inWindow = sent.filter((s) => s.at >= at && s.at < at + 1000).length;
      worst = Math.max(worst, inWindow);
    }
    expect(worst).toBeLessThanOrEqual(100);
    expect(worst).toBeGreaterThanOrEqual(90); // and it does use the rate
    expect(clock.pending).toBe(0);
  });

  it("holds frames until the socket is writable, and dispose() drops them and its timer", async () => {
    const clock = new ManualClock();
    const sent: string[] = [];
    const queue = new SendQueue({ perSecond: 2, burst: 1 }, clock, clock, (frame) => sent.push(frame));
    queue.push("a");
    queue.push("b");
    expect(sent).toEqual([]);
    queue.start();
    expect(sent).toEqual(["a"]);
    expect(clock.pending).toBe(1);
    queue.dispose();
    expect(clock.pending).toBe(0);
    await clock.advance(10_000);
    expect(sent).toEqual(["a"]);
  });
});

describe("SendQueue in sliding-window mode", () => {
  it("lets up to perSecond frames leave at once, then the next ones a second after each, in order", async () => {
    const clock = new ManualClock(1_000_000);
    const sent: { frame: string; at: number }[] = [];
    const queue = new SendQueue({ perSecond: 100, mode: "sliding-window" }, clock, clock, (frame) =>
      sent.push({ frame, at: clock.now() }),
    );
    queue.start();
    for (let i = 0; i < 250; i++) queue.push(String(i));
    expect(sent).toHaveLength(100);
    await clock.advance(999);
    expect(sent).toHaveLength(100);
    await clock.advance(1);
    expect(sent).toHaveLength(200);
    await clock.advance(1000);
    expect(sent.map((s) => s.frame)).toEqual(Array.from({ length: 250 }, (_, i) => String(i)));
    for (const { at } of sent) {
      expect(sent.filter((s) => s.at >= at && s.at < at + 1000).length).toBeLessThanOrEqual(100);
    }
    expect(clock.pending).toBe(0);
  });

  it("refuses a rate below one frame per second", () => {
    const clock = new ManualClock();
    expect(() => new SendQueue({ perSecond: 0, mode: "sliding-window" }, clock, clock, () => {})).toThrow(
      RangeError,
    );
  });
});
