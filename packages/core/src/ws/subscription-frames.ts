import type { Logger } from "../clock.js";
import { track } from "./acks.js";
import { SubscriptionError } from "./errors.js";
import type { Protocol } from "./protocol.js";
import type { SocketScope } from "./scope.js";
import type { RegistryEntry } from "./subscriptions.js";

/** How a subscription's first acknowledgement ends. */
export interface SubscribeOutcome<Sub> {
  acknowledged(entry: RegistryEntry<Sub>): void;
  refused(entry: RegistryEntry<Sub>, error: unknown): void;
}

/**
 * Queues the subscribe frame of `entry` on `scope` and waits for its acknowledgement (without `matchAck`,
 * a frame that left the queue counts as acknowledged). No acknowledgement within `timeoutMs` is a refusal.
 */
export function sendSubscribe<In, Sub, Auth>(
  protocol: Protocol<In, Sub, Auth>,
  scope: SocketScope<In, Sub>,
  entry: RegistryEntry<Sub>,
  auth: Auth | undefined,
  timeoutMs: number,
  outcome: SubscribeOutcome<Sub>,
): void {
  entry.sentOn = scope.generation;
  const id = scope.nextRequestId();
  const frame = protocol.subscribeFrame(entry.subscription, { requestId: id, auth });
  if (!protocol.matchAck) {
    scope.send(frame, () => outcome.acknowledged(entry));
    return;
  }
  const method = protocol.channelOf(entry.subscription);
  const request = { id, kind: "subscribe", subscription: entry.subscription, method } as const;
  const settle = {
    resolve: () => outcome.acknowledged(entry),
    reject: (error: unknown) => outcome.refused(entry, error),
  };
  const pending = track(scope, request, settle, timeoutMs, () =>
    outcome.refused(entry, new SubscriptionError(method, `no acknowledgement within ${timeoutMs} ms`)),
  );
  scope.send(frame, () => {
    pending.sent = true;
  });
}

/** Queues the unsubscribe frame of `entry`; a refusal or a missing acknowledgement is only logged. */
export function sendUnsubscribe<In, Sub, Auth>(
  protocol: Protocol<In, Sub, Auth>,
  scope: SocketScope<In, Sub>,
  entry: RegistryEntry<Sub>,
  auth: Auth | undefined,
  timeoutMs: number,
  log: Logger,
): void {
  const id = scope.nextRequestId();
  const frame = protocol.unsubscribeFrame(entry.subscription, { requestId: id, auth });
  if (protocol.matchAck) {
    const method = protocol.channelOf(entry.subscription);
    const request = { id, kind: "unsubscribe", subscription: entry.subscription, method } as const;
    const settle = {
      resolve: () => {},
      reject: (error: unknown) => log.warn?.(`unsubscribe ${method} refused`, { error: String(error) }),
    };
    track(scope, request, settle, timeoutMs, () => log.debug?.(`unsubscribe ${method}: no acknowledgement`));
  }
  scope.send(frame);
}
