import { KrakenFuturesError, nameErrorClasses } from "./errors.js";

/**
 * A bounded buffer of an async iterator was full: the consumer fell `capacity` values behind the producer.
 * The iterator first hands over every value it holds, then rejects with this error and ends, so what the
 * consumer saw is an exact prefix of the stream and nothing was dropped without a word.
 */
export class BufferOverflowError extends KrakenFuturesError {
  /** The number of values the buffer holds at most. */
  readonly capacity: number;
  constructor(capacity: number, what = "async iterator") {
    super(
      `${what}: the consumer fell ${capacity} values behind (the buffer's capacity); ` +
        "the iterator ends here, and later values were not delivered",
    );
    this.capacity = capacity;
  }
}

nameErrorClasses({ BufferOverflowError });

/** Values an {@link AsyncBuffer} holds by default before it overflows. */
export const DEFAULT_BUFFER_CAPACITY = 10_000;

/** Options of {@link AsyncBuffer}. */
export interface AsyncBufferOptions {
  /** Values held at most while the consumer is behind. Default {@link DEFAULT_BUFFER_CAPACITY} (10 000). */
  capacity?: number;
  /** Names the stream in the overflow error's message, for example `"ticker PF_XBTUSD"`. */
  name?: string;
  /** Called once when the iterator ends for any reason (`return()`, `throw()`, `end()`, `fail()`, overflow). */
  onEnd?: () => void;
}

/**
 * A bounded queue between a producer that cannot wait (socket frames) and an async-iterator consumer.
 *
 * Overflow policy: when a value arrives while `capacity` values are already waiting, the buffer stops
 * taking values. The consumer still receives every value it holds, in order, and then `next()` rejects with
 * a {@link BufferOverflowError} naming the capacity, and the iterator is done. Nothing is dropped
 * silently: the consumer sees an exact prefix of the stream, then an error saying where it ends.
 *
 * `return()` (a `break` out of `for await`) and `throw()` end the iterator at once, drop what it holds and
 * call `onEnd`, so the producer can stop feeding it.
 */
export class AsyncBuffer<T> implements AsyncIterableIterator<T> {
  readonly capacity: number;
  readonly #name: string;
  readonly #values: T[] = [];
  #head = 0;
  #waiter: { resolve: (r: IteratorResult<T>) => void; reject: (e: unknown) => void } | undefined;
  /** Set once no value will be added; `#error`, when set, is thrown after the values held. */
  #closed = false;
  #error: unknown;
  #onEnd: (() => void) | undefined;

  constructor(options: AsyncBufferOptions = {}) {
    const capacity = options.capacity ?? DEFAULT_BUFFER_CAPACITY;
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`AsyncBuffer: capacity must be a positive integer, got ${String(capacity)}`);
    }
    this.capacity = capacity;
    this.#name = options.name ?? "async iterator";
    this.#onEnd = options.onEnd;
  }

  /** Values waiting for the consumer. */
  get size(): number {
    return this.#values.length - this.#head;
  }

  /** False once the buffer takes no more values (ended, failed, overflowed or returned). */
  get open(): boolean {
    return !this.#closed;
  }

  /**
   * Hands a value to the consumer. Returns false when the buffer took it not: it has ended, or it is full
   * (then it overflows: the iterator ends with a {@link BufferOverflowError} after the values it holds).
   */
  push(value: T): boolean {
    if (this.#closed) return false;
    const waiter = this.#waiter;
    if (waiter) {
      this.#waiter = undefined;
      waiter.resolve({ value, done: false });
      return true;
    }
    if (this.size >= this.capacity) {
      this.fail(new BufferOverflowError(this.capacity, this.#name));
      return false;
    }
    this.#values.push(value);
    return true;
  }

  /** No more values: the consumer receives those held, then `done`. */
  end(): void {
    this.#finish(undefined);
  }

  /** Ends with an error: the consumer receives the values held, then `next()` rejects with `error`. */
  fail(error: unknown): void {
    this.#finish(error ?? new Error("AsyncBuffer.fail: no error given"));
  }

  next(): Promise<IteratorResult<T>> {
    if (this.size > 0) {
      const value = this.#values[this.#head]!;
      this.#values[this.#head] = undefined as T; // release it for the garbage collector
      this.#head++;
      if (this.#head > 1024 && this.#head * 2 > this.#values.length) this.#compact();
      return Promise.resolve({ value, done: false });
    }
    if (this.#closed) {
      const error = this.#error;
      if (error !== undefined) {
        this.#error = undefined; // thrown once; afterwards the iterator is simply done
        return Promise.reject(error);
      }
      return Promise.resolve({ value: undefined, done: true });
    }
    if (this.#waiter)
      return Promise.reject(new TypeError("AsyncBuffer: next() called while a next() is pending"));
    return new Promise((resolve, reject) => {
      this.#waiter = { resolve, reject };
    });
  }

  /** Ends the iterator now (a `break` out of `for await`): drops the values held and calls `onEnd`. */
  return(): Promise<IteratorResult<T>> {
    this.#discard();
    return Promise.resolve({ value: undefined, done: true });
  }

  /** Ends the iterator now and rejects with `error`, as an async generator does. */
  throw(error?: unknown): Promise<IteratorResult<T>> {
    this.#discard();
    return Promise.reject(error);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  #discard(): void {
    this.#values.length = 0;
    this.#head = 0;
    this.#closed = true;
    this.#error = undefined;
    this.#waiter?.resolve({ value: undefined, done: true });
    this.#waiter = undefined;
    this.#ended();
  }

  #finish(error: unknown): void {
    if (this.#closed) return;
    this.#closed = true;
    const waiter = this.#waiter;
    this.#waiter = undefined;
    // A waiting consumer holds no values (it would not wait otherwise): it gets the end at once.
    if (waiter) {
      if (error === undefined) waiter.resolve({ value: undefined, done: true });
      else waiter.reject(error);
    } else this.#error = error;
    this.#ended();
  }

  #ended(): void {
    const onEnd = this.#onEnd;
    this.#onEnd = undefined;
    onEnd?.();
  }

  #compact(): void {
    this.#values.splice(0, this.#head);
    this.#head = 0;
  }
}
