/** One wanted subscription. */
export interface RegistryEntry<Sub> {
  readonly key: string;
  readonly subscription: Sub;
  /** Handles sharing this subscription; it leaves the wire when the last one unsubscribes. */
  users: number;
  /** `pending` until the server first acknowledged it; `active` after. */
  status: "pending" | "active";
  /** The generation of the socket its subscribe frame was last queued on (0: none yet). */
  sentOn: number;
  /** Settled once: resolved on the first acknowledgement, rejected on refusal or close. */
  readonly ready: Promise<void>;
  settle(error?: unknown): void;
}

/**
 * The subscriptions the user wants, independent of any socket: the connection (re)sends each of them on
 * every new socket, and each entry's `ready` promise settles exactly once.
 */
export class SubscriptionRegistry<Sub> {
  readonly #entries = new Map<string, RegistryEntry<Sub>>();

  get size(): number {
    return this.#entries.size;
  }

  /** Every wanted subscription, in the order first asked for. */
  entries(): IterableIterator<RegistryEntry<Sub>> {
    return this.#entries.values();
  }

  /** Whether some wanted subscription has not been sent on the socket of `generation` yet. */
  hasUnsent(generation: number): boolean {
    for (const entry of this.#entries.values()) if (entry.sentOn !== generation) return true;
    return false;
  }

  get(key: string): RegistryEntry<Sub> | undefined {
    return this.#entries.get(key);
  }

  /** Adds a user of `key`; `created` says whether the subscription is new (and must be sent). */
  add(key: string, subscription: Sub): { entry: RegistryEntry<Sub>; created: boolean } {
    const existing = this.#entries.get(key);
    if (existing) {
      existing.users++;
      return { entry: existing, created: false };
    }
    let settled = false;
    let resolve!: () => void;
    let reject!: (error: unknown) => void;
    const ready = new Promise<void>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    // The promise may be ignored (listeners only): an unobserved refusal must not crash the process.
    ready.catch(() => {});
    const entry: RegistryEntry<Sub> = {
      key,
      subscription,
      users: 1,
      status: "pending",
      sentOn: 0,
      ready,
      settle(error) {
        if (settled) return;
        settled = true;
        if (error === undefined) resolve();
        else reject(error);
      },
    };
    this.#entries.set(key, entry);
    return { entry, created: true };
  }

  /** Removes one user; returns the entry when it was the last one (and the subscription is gone). */
  release(key: string): RegistryEntry<Sub> | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    entry.users--;
    if (entry.users > 0) return undefined;
    this.#entries.delete(key);
    return entry;
  }

  /** Drops an entry whatever its users (refused by the server), settling it with `error`. */
  drop(entry: RegistryEntry<Sub>, error: unknown): void {
    if (this.#entries.get(entry.key) === entry) this.#entries.delete(entry.key);
    entry.settle(error);
  }

  /** Settles and forgets every entry (the connection closed). */
  clear(error: unknown): void {
    for (const entry of this.#entries.values()) entry.settle(error);
    this.#entries.clear();
  }
}
