import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Deadlines } from "../../../src/http/deadlines.js";

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance"] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe("Deadlines: one timer for every call of a client", () => {
  it("expires each deadline once it is due, in order, and never a cleared one", () => {
    const deadlines = new Deadlines();
    const fired: string[] = [];
    deadlines.add(100, () => fired.push("a"));
    const b = deadlines.add(150, () => fired.push("b"));
    deadlines.add(200, () => fired.push("c"));
    deadlines.clear(b);
    vi.advanceTimersByTime(99);
    expect(fired).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(fired).toEqual(["a"]);
    vi.advanceTimersByTime(100);
    expect(fired).toEqual(["a", "c"]);
    vi.advanceTimersByTime(1_000);
    expect(fired).toEqual(["a", "c"]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("re-arms for a deadline earlier than the armed one (a call with a shorter timeout)", () => {
    const deadlines = new Deadlines();
    const fired: string[] = [];
    deadlines.add(10_000, () => fired.push("long"));
    deadlines.add(50, () => fired.push("short"));
    vi.advanceTimersByTime(50);
    expect(fired).toEqual(["short"]);
    vi.advanceTimersByTime(9_950);
    expect(fired).toEqual(["short", "long"]);
  });

  it("keeps one timer however many calls are in flight", () => {
    const deadlines = new Deadlines();
    for (let i = 0; i < 100; i++) deadlines.add(10_000 + i, () => {});
    expect(vi.getTimerCount()).toBe(1);
  });
});

describe("Deadlines and the process (issue 12)", () => {
  it("holds the process only while a deadline is pending", () => {
    vi.useRealTimers();
    const deadlines = new Deadlines();
    const first = deadlines.add(60_000, () => {});
    const second = deadlines.add(60_000, () => {});
    expect(deadlines.holdsProcess()).toBe(true);
    deadlines.clear(first);
    expect(deadlines.holdsProcess()).toBe(true);
    deadlines.clear(second);
    expect(deadlines.holdsProcess()).toBe(false);
    deadlines.add(60_000, () => {});
    expect(deadlines.holdsProcess()).toBe(true);
  });
});
