/**
 * The cost/lane stage: a signed call, or a call that spends from a rate-limit pool, enters the
 * client's FIFO lane and pays its cost (send-queue.ts); it holds the lane until the send stage has
 * handed the request to the transport. An idle lane with the cost available is entered at once,
 * without the promise hops of a wait; a public free call never enters it.
 */
import type { Stage } from "../attempt.js";
import type { SendQueue } from "../send-queue.js";

/** The lane stage of a client whose budget is `queue`. */
export function laneStage(queue: SendQueue): Stage {
  return (attempt) => {
    const { op, cost } = attempt;
    const pool = op.rateLimit.pool;
    if (attempt.response !== undefined || (!op.signed && (pool === undefined || cost <= 0))) return undefined;
    const now = queue.tryEnter(pool, cost);
    if (now !== undefined) {
      attempt.release = now;
      return undefined;
    }
    return queue.enter(pool, cost, attempt.target, attempt.request.signal).then((release) => {
      attempt.release = release;
    });
  };
}
