import { Backoff } from "../backoff.js";
import type { ConnectionError } from "./errors.js";
import type { ReconnectOptions } from "./options.js";
import { isFinalRefusal } from "./socket.js";

/** What to do after a socket ended. */
export type ReconnectDecision =
  | { readonly action: "retry"; readonly attempt: number; readonly delayMs: number }
  | { readonly action: "give-up"; readonly message: string };

/**
 * The reconnect policy of a connection: jittered exponential backoff that starts over only once a
 * connection proved healthy ({@link healthy}), a give-up limit, and no retries after a final HTTP 4xx
 * refusal of the upgrade unless asked for.
 */
export class ReconnectPolicy {
  readonly #backoff: Backoff;
  readonly #options: ReconnectOptions;

  constructor(options: ReconnectOptions = {}) {
    this.#backoff = new Backoff(options);
    this.#options = options;
  }

  /** Attempts since the last healthy connection. */
  get attempts(): number {
    return this.#backoff.attempts;
  }

  /** How long a ready connection must last to count as healthy, in ms. Default 10 000. */
  get healthyAfterMs(): number {
    return this.#options.healthyAfterMs ?? 10_000;
  }

  decide(error: ConnectionError): ReconnectDecision {
    if (isFinalRefusal(error) && !this.#options.retryOnUpgradeRefusal) {
      return { action: "give-up", message: `${error.message}; not reconnecting (a 4xx answer is final)` };
    }
    const max = this.#options.maxAttempts ?? Number.POSITIVE_INFINITY;
    if (this.#backoff.attempts >= max) {
      return { action: "give-up", message: `gave up after ${max} reconnect attempts (${error.message})` };
    }
    const delayMs = this.#backoff.next();
    return { action: "retry", attempt: this.#backoff.attempts, delayMs };
  }

  /** The connection stayed ready for `healthyAfterMs`: the next drop starts from the first delay. */
  healthy(): void {
    this.#backoff.reset();
  }
}
