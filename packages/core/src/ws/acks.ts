import { ConnectionError, RequestError, SubscriptionError } from "./errors.js";
import type { AckMatch, Protocol } from "./protocol.js";
import type { PendingEntry, SocketScope } from "./scope.js";

/** How a pending request ends. */
export interface Settle<In> {
  resolve(message: In | undefined): void;
  reject(error: unknown): void;
}

/**
 * Registers a request of `scope` that waits for its acknowledgement; after `timeoutMs` it is forgotten and
 * `onTimeout` runs (on a timer of the scope, so it ends with the socket). `Infinity`: no deadline.
 */
export function track<In, Sub>(
  scope: SocketScope<In, Sub>,
  request: PendingEntry<In, Sub>["request"],
  settle: Settle<In>,
  timeoutMs: number,
  onTimeout: () => void,
): PendingEntry<In, Sub> {
  const entry: PendingEntry<In, Sub> = { request, sent: false, timer: undefined, ...settle };
  scope.pending.set(request.id, entry);
  // An infinite timeout waits for the answer as long as the socket lives (v1 has no acknowledgement
  // deadline); a timer of Infinity ms would fire at once.
  if (!Number.isFinite(timeoutMs)) return entry;
  entry.timer = scope.setTimeout(() => {
    scope.pending.delete(request.id);
    onTimeout();
  }, timeoutMs);
  return entry;
}

/** Hands `message` to the protocol's ack matching and settles the request it acknowledges, if any. */
export function settleAck<In, Sub>(
  protocol: Protocol<In, Sub, never>,
  scope: SocketScope<In, Sub>,
  message: In,
): void {
  if (!protocol.matchAck || scope.pending.size === 0) return;
  // Most messages are data (book deltas): the protocol's cheap test spares them the pending list.
  if (protocol.isAnswer && !protocol.isAnswer(message)) return;
  const pending = [...scope.pending.values()].map((entry) => entry.request);
  const acks = protocol.matchAck(message, pending);
  if (acks === undefined) return;
  // One message may answer several requests (a v1 `subscribed` echoing several product ids).
  if (isAckList(acks)) for (const ack of acks) settle(scope, ack, message);
  else settle(scope, acks, message);
}

function isAckList(acks: AckMatch | readonly AckMatch[]): acks is readonly AckMatch[] {
  return Array.isArray(acks);
}

function settle<In, Sub>(scope: SocketScope<In, Sub>, ack: AckMatch, message: In): void {
  const entry = scope.pending.get(ack.id);
  if (!entry) return;
  scope.pending.delete(ack.id);
  scope.clearTimeout(entry.timer);
  if (ack.ok) {
    entry.resolve(message);
    return;
  }
  const reason = ack.reason ?? "refused without a reason";
  const { kind, method } = entry.request;
  entry.reject(kind === "request" ? new RequestError(method, reason) : new SubscriptionError(method, reason));
}

/**
 * Rejects the requests of a socket that ended: never resent, so each says whether it left the queue
 * (`lost`: outcome unknown) or not (`unsent`). Subscriptions are skipped: the next socket re-sends them.
 */
export function failRequests<In, Sub>(
  pending: readonly PendingEntry<In, Sub>[],
  cause: ConnectionError,
): void {
  for (const entry of pending) {
    if (entry.request.kind !== "request") continue;
    const { method } = entry.request;
    entry.reject(
      entry.sent
        ? new ConnectionError(
            `${method}: the connection dropped before its answer, outcome unknown (${cause.message})`,
            "lost",
            { cause },
          )
        : new ConnectionError(`${method}: not sent, the connection dropped first`, "unsent", { cause }),
    );
  }
}

/**
 * Queues a request frame on `scope` and resolves with the message that acknowledges it. Rejects with a
 * `RequestError` when refused or unanswered within `timeoutMs`; when the socket ends first, see
 * {@link failRequests}.
 */
export function sendRequest<In, Sub>(
  scope: SocketScope<In, Sub>,
  id: number,
  frame: unknown,
  method: string,
  timeoutMs: number,
): Promise<In> {
  return new Promise<In>((resolve, reject) => {
    const settle: Settle<In> = { resolve: (message) => resolve(message as In), reject };
    const request = { id, kind: "request", subscription: undefined, method } as const;
    const entry = track(scope, request, settle, timeoutMs, () =>
      reject(new RequestError(method, `no answer within ${timeoutMs} ms`)),
    );
    scope.send(frame, () => {
      entry.sent = true;
    });
  });
}

/** `run()`, with a synchronous throw turned into a rejection. */
export function tryPromise<T>(run: () => Promise<T>): Promise<T> {
  try {
    return run();
  } catch (error) {
    return Promise.reject(error);
  }
}
