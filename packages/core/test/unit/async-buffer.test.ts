import { describe, expect, it } from "vitest";
import {
  AsyncBuffer,
  BufferOverflowError,
  DEFAULT_BUFFER_CAPACITY,
  KrakenFuturesError,
} from "../../src/index.js";

async function drain<T>(buffer: AsyncBuffer<T>): Promise<{ values: T[]; error: unknown }> {
  const values: T[] = [];
  try {
    for await (const value of buffer) values.push(value);
  } catch (error) {
    return { values, error };
  }
  return { values, error: undefined };
}

describe("AsyncBuffer", () => {
  it("hands values over in order, to a waiting consumer and from the buffer", async () => {
    const buffer = new AsyncBuffer<number>({ capacity: 4 });
    const first = buffer.next();
    buffer.push(1);
    expect(await first).toEqual({ value: 1, done: false });
    buffer.push(2);
    buffer.push(3);
    buffer.end();
    expect(await drain(buffer)).toEqual({ values: [2, 3], error: undefined });
  });

  it("on overflow delivers every value it holds, then ends with a BufferOverflowError naming the capacity", async () => {
    const ended: string[] = [];
    const buffer = new AsyncBuffer<number>({
      capacity: 3,
      name: "ticker PF_XBTUSD",
      onEnd: () => ended.push("end"),
    });
    expect([1, 2, 3].map((n) => buffer.push(n))).toEqual([true, true, true]);
    expect(buffer.push(4)).toBe(false); // the first value that did not fit
    expect(buffer.push(5)).toBe(false);
    expect(buffer.open).toBe(false);
    expect(ended).toEqual(["end"]); // the producer learns at once and can stop feeding it
    const { values, error } = await drain(buffer);
    expect(values).toEqual([1, 2, 3]); // an exact prefix of the stream
    expect(error).toBeInstanceOf(BufferOverflowError);
    expect(error).toBeInstanceOf(KrakenFuturesError);
    expect((error as BufferOverflowError).capacity).toBe(3);
    expect((error as Error).message).toContain("ticker PF_XBTUSD");
    expect((error as Error).message).toContain("3 values");
    expect((error as Error).name).toBe("BufferOverflowError");
    expect(await buffer.next()).toEqual({ value: undefined, done: true }); // thrown once, then done
  });

  it("holds 10 000 values by default", () => {
    const buffer = new AsyncBuffer<number>();
    expect(DEFAULT_BUFFER_CAPACITY).toBe(10_000);
    expect(buffer.capacity).toBe(10_000);
    for (let i = 0; i < 10_000; i++) expect(buffer.push(i)).toBe(true);
    expect(buffer.push(10_000)).toBe(false);
  });

  it("return() (a break) drops what it holds, ends a pending next() and calls onEnd once", async () => {
    let ends = 0;
    const buffer = new AsyncBuffer<number>({ onEnd: () => ends++ });
    buffer.push(1);
    buffer.push(2);
    for await (const value of buffer) {
      expect(value).toBe(1);
      break;
    }
    expect(ends).toBe(1);
    expect(buffer.size).toBe(0);
    expect(buffer.push(3)).toBe(false);
    expect(await buffer.next()).toEqual({ value: undefined, done: true });

    const waiting = new AsyncBuffer<number>({ onEnd: () => ends++ });
    const pending = waiting.next();
    await waiting.return();
    expect(await pending).toEqual({ value: undefined, done: true });
    expect(ends).toBe(2);
  });

  it("throw() ends it with the given error and cleans up", async () => {
    let ends = 0;
    const buffer = new AsyncBuffer<number>({ onEnd: () => ends++ });
    buffer.push(1);
    const boom = new Error("boom");
    await expect(buffer.throw(boom)).rejects.toBe(boom);
    expect(ends).toBe(1);
    expect(await buffer.next()).toEqual({ value: undefined, done: true });
  });

  it("fail() rejects a waiting consumer at once, or after the values held", async () => {
    const waiting = new AsyncBuffer<number>();
    const next = waiting.next();
    waiting.fail(new Error("refused"));
    await expect(next).rejects.toThrow("refused");

    const holding = new AsyncBuffer<number>();
    holding.push(7);
    holding.fail(new Error("refused"));
    expect(await holding.next()).toEqual({ value: 7, done: false });
    await expect(holding.next()).rejects.toThrow("refused");
  });

  it("refuses a capacity that is not a positive integer", () => {
    expect(() => new AsyncBuffer({ capacity: 0 })).toThrow(RangeError);
    expect(() => new AsyncBuffer({ capacity: 1.5 })).toThrow(RangeError);
  });
});
