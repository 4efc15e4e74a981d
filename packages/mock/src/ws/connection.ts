/** One WebSocket v1 connection of the mock: its subscriptions, challenges, request times and faults. */
import { randomUUID } from "node:crypto";
import type { ServerSocket } from "../socket.js";
import type { FaultableConnection } from "./faults.js";

type Json = Record<string, unknown>;

/** Key of a subscription to a whole feed (feeds without product ids, or fills without a filter). */
export const ALL_PRODUCTS = "*";

/** An open connection, as tests see it. */
export interface WsConnectionInfo {
  readonly id: number;
  /** Feed to subscribed product ids (`"*"` = the whole feed). */
  readonly subscriptions: ReadonlyMap<string, ReadonlySet<string>>;
  /** Challenges handed out on this connection. */
  readonly challenges: readonly string[];
}

/** A connection as the server and the publisher use it. */
export class Connection implements FaultableConnection, WsConnectionInfo {
  readonly subscriptions = new Map<string, Set<string>>();
  readonly #challenges = new Map<string, string>();
  readonly withheld = new Map<string, number>();
  readonly requestTimes: number[] = [];
  silentUntil = Number.NEGATIVE_INFINITY;
  chain: Promise<void> = Promise.resolve();

  constructor(
    readonly id: number,
    readonly socket: ServerSocket,
    readonly now: () => number,
  ) {}

  get challenges(): readonly string[] {
    return [...this.#challenges.keys()];
  }

  issueChallenge(apiKey: string): string {
    const challenge = randomUUID();
    this.#challenges.set(challenge, apiKey);
    return challenge;
  }

  /** The key a challenge of this connection was issued to. */
  challengeOwner(challenge: string): string | undefined {
    return this.#challenges.get(challenge);
  }

  get open(): boolean {
    return this.socket.readyState === this.socket.OPEN;
  }

  silent(): boolean {
    return this.now() < this.silentUntil;
  }

  wants(feed: string, product?: string): boolean {
    const set = this.subscriptions.get(feed);
    return set !== undefined && (set.has(ALL_PRODUCTS) || (product !== undefined && set.has(product)));
  }

  send(message: Json): void {
    if (this.open && !this.silent()) this.socket.send(JSON.stringify(message));
  }

  sendRaw(data: string | Buffer): void {
    if (this.open && !this.silent()) this.socket.send(data);
  }

  terminate(): void {
    this.socket.terminate();
  }

  close(code: number, reason: string): void {
    this.socket.close(code, reason);
  }
}
