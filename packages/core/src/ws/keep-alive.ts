import type { Clock, Logger } from "../clock.js";
import type { Protocol } from "./protocol.js";
import type { SocketScope } from "./scope.js";

/** Keep-alive settings of a connection, in milliseconds. */
export interface KeepAliveOptions {
  /** How often to ping (the protocol's ping frame, or a protocol-level ping). Default 30 000. */
  pingIntervalMs?: number;
  /** Drop and reconnect when nothing (message or pong) arrived for this long. Default 60 000. */
  silenceTimeoutMs?: number;
}

/** What the keep-alive loop calls. */
export interface KeepAliveHooks {
  ping(): void;
  /** Nothing arrived for `silentMs`: the socket is presumed dead. */
  silent(silentMs: number): void;
}

/**
 * Pings every `pingIntervalMs` and watches for silence, on timers owned by the socket's scope (they end
 * with it). The check runs at least four times per silence timeout and dates a sign of life at the
 * check that notices it (never earlier, so a live socket is never taken for a silent one): a socket
 * silent for `silenceTimeoutMs` is dropped at most two checks later, within 1.5× the timeout.
 */
export function startKeepAlive(
  scope: SocketScope<unknown, unknown>,
  options: KeepAliveOptions,
  clock: Clock,
  hooks: KeepAliveHooks,
): void {
  const pingInterval = options.pingIntervalMs ?? 30_000;
  const silenceTimeout = options.silenceTimeoutMs ?? 60_000;
  const tick = Math.max(1, Math.min(pingInterval, silenceTimeout / 4));
  let lastPing = clock.now();
  const check = (): void => {
    const now = clock.now();
    if (scope.heard) {
      scope.heard = false;
      scope.lastActivity = now;
    }
    const silentMs = now - scope.lastActivity;
    if (silentMs >= silenceTimeout) {
      hooks.silent(silentMs);
      return;
    }
    if (now - lastPing >= pingInterval) {
      lastPing = now;
      hooks.ping();
    }
    scope.setTimeout(check, tick);
  };
  scope.setTimeout(check, tick);
}

/** One ping: the protocol's frame when it has one, else a protocol-level ping where the socket can. */
export function sendPing<In, Sub>(
  protocol: Protocol<In, Sub, never>,
  scope: SocketScope<In, Sub>,
  log: Logger,
): void {
  const frame = protocol.pingFrame?.({ requestId: scope.nextRequestId(), auth: undefined });
  if (frame !== undefined) {
    scope.send(frame);
    return;
  }
  if (typeof scope.socket.ping !== "function") return;
  try {
    scope.socket.ping();
  } catch (error) {
    log.debug?.("ping failed", { error: String(error) });
  }
}
