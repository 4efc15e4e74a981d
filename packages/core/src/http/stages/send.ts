/**
 * The send stage: arms the attempt's timeout, hands the internal request to the transport (the Node
 * transport takes it as it is; any other fetch gets a real `Request` with `redirect: "manual"`), then
 * releases the lane, so the next call may draw its nonce, and passes the key's turn on once the
 * answer's headers are in. The receive stage (interpret.ts) then waits for the answer and its body.
 */
import type { Attempt, Stage } from "../attempt.js";
import type { Deadlines } from "../deadlines.js";
import { TimeoutError } from "../errors.js";
import { passTurnWhenAnswered } from "../key-turns.js";
import type { LiteTransport } from "../transport/types.js";

/** Cancels the attempt's request, if the transport holds it; the transport rejects with `reason`. */
export function cancelAttempt(attempt: Attempt, reason: unknown): void {
  attempt.request.cancel?.(reason);
}

function startTimer(attempt: Attempt, deadlines: Deadlines): void {
  if (attempt.timeoutMs > 0 && Number.isFinite(attempt.timeoutMs)) {
    attempt.deadline = deadlines.add(attempt.timeoutMs, () => {
      attempt.timedOut = true;
      cancelAttempt(attempt, new TimeoutError(attempt.timeoutMs, { target: attempt.target }));
    });
  }
}

/** The send stage over `transport`: sets `attempt.sent`, never waits itself. */
export function sendStage(transport: LiteTransport, deadlines: Deadlines): Stage {
  const lite = transport.lite;
  return (attempt) => {
    if (attempt.response !== undefined) return undefined;
    const request = attempt.request;
    // The node transport reports the headers: a long body (a CSV export) need not hold the turn.
    request.onHeaders = attempt.turn;
    startTimer(attempt, deadlines);
    try {
      // The Node transport passes the key's turn on at the answer's headers (`onHeaders`); a fetch
      // transport's turn passes when its promise settles. On failure the pipeline passes it anyway.
      attempt.sent = lite
        ? lite(request)
        : passTurnWhenAnswered(transport(request.toRequest()), attempt.turn);
    } finally {
      attempt.release?.();
    }
    return undefined;
  };
}
