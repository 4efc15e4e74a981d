import { describe, expect, it } from "vitest";
import { silentLogger, systemClock, systemTimers } from "../../src/index.js";
import { flush, ManualClock } from "../../src/testing/index.js";

describe("systemTimers", () => {
  it("keeps the process alive by default, and lets go only when told", () => {
    const handle = systemTimers.setTimeout(() => {}, 60_000);
    const timer = handle as unknown as { hasRef(): boolean };
    expect(timer.hasRef()).toBe(true);
    systemTimers.keepAlive(handle, false);
    expect(timer.hasRef()).toBe(false);
    systemTimers.keepAlive(handle, true);
    expect(timer.hasRef()).toBe(true);
    systemTimers.clearTimeout(handle);
    systemTimers.clearTimeout(undefined);
  });

  it("systemClock reads Date.now and silentLogger writes nothing", () => {
    const before = Date.now();
    expect(systemClock.now()).toBeGreaterThanOrEqual(before);
    expect(Object.keys(silentLogger)).toEqual([]);
  });
});

describe("ManualClock", () => {
  it("fires timers in due order, each at its own time, including timers set on the way", async () => {
    const clock = new ManualClock(100);
    const fired: string[] = [];
    clock.setTimeout(() => fired.push(`b@${clock.now()}`), 20);
    clock.setTimeout(() => {
      fired.push(`a@${clock.now()}`);
      clock.setTimeout(() => fired.push(`c@${clock.now()}`), 5);
    }, 10);
    const never = clock.setTimeout(() => fired.push("never"), 15);
    clock.clearTimeout(never);
    expect(clock.pending).toBe(2);
    await clock.advance(30);
    expect(fired).toEqual(["a@110", "c@115", "b@120"]);
    expect(clock.now()).toBe(130);
    expect(clock.pending).toBe(0);
  });

  it("counts the timers that keep a process alive", () => {
    const clock = new ManualClock();
    const a = clock.setTimeout(() => {}, 1);
    clock.setTimeout(() => {}, 1);
    clock.keepAlive(a, false);
    expect(clock.pending).toBe(2);
    expect(clock.pendingKeepingAlive).toBe(1);
  });

  it("lets promise callbacks run after each timer", async () => {
    const clock = new ManualClock();
    const order: string[] = [];
    clock.setTimeout(() => {
      void Promise.resolve().then(() => order.push("microtask of the first"));
    }, 1);
    clock.setTimeout(() => order.push("second timer"), 2);
    await clock.advance(2);
    expect(order).toEqual(["microtask of the first", "second timer"]);
    await flush();
    expect(await clock.advanceToNext()).toBe(false);
  });
});
