/**
 * One signed call of an API key in flight at a time: a signed call draws its nonce only once the
 * previous signed call of the same key has been answered (its headers arrived) or has failed.
 *
 * Why: Kraken refuses a nonce below the highest it has seen for the key (`nonceBelowThreshold`),
 * tolerating disorder only "for a brief period of time" of unknown length. Calls that draw nonces in
 * order but travel on different keep-alive sockets (or on a fetch whose pool the client cannot see)
 * arrive in any order: 14 of 20 concurrent `sendorder`s arrived below the running maximum (issue 12).
 * TCP orders bytes within one connection only, and neither transport lets the client pipeline
 * requests on one socket, so the only order that holds on every transport and network is this one:
 * the next nonce is drawn after the server has answered the previous request, which it cannot do
 * before it has received it. The cost is one round trip per signed call in a burst (bench/README.md).
 *
 * The turns are shared by every client of the realm with the same key (as `nextNonce` is), on
 * `globalThis` under a registered symbol, so two clients or two copies of this package holding one
 * key keep one order too. Public calls never take a turn.
 */
import type { RequestTarget } from "./errors.js";
import { type Release, SendQueue } from "./send-queue.js";

const SHARED = Symbol.for("@kraken-futures/rest.keyTurns");

/**
 * The FIFO of signed calls of one key: a {@link SendQueue} with no pools, whose lane is held from the
 * nonce's draw until the answer. `tryEnter` takes an idle key's turn without a promise hop.
 */
export type KeyTurns = Pick<SendQueue, "tryEnter" | "enter">;

/** The turns of `apiKey`, shared by every client of this realm. */
export function keyTurns(apiKey: string): KeyTurns {
  const registry = globalThis as { [SHARED]?: Map<string, KeyTurns> };
  registry[SHARED] ??= new Map();
  const byKey = registry[SHARED];
  let turns = byKey.get(apiKey);
  if (turns === undefined) {
    turns = new SendQueue({ pools: {}, policy: false });
    byKey.set(apiKey, turns);
  }
  return turns;
}

/**
 * Takes the key's turn for `call` (stored on `call.turn`, for {@link passTurnWhenAnswered}): at once
 * when the turn is free, returning nothing (no promise hop), else returns a promise that settles once
 * every earlier signed call of the key is answered and the turn is taken. Without `turns`
 * (`orderSignedCalls: false`) there is no turn to take. The caller draws the nonce after this.
 */
export function takeTurn(
  turns: KeyTurns | undefined,
  call: { readonly target: RequestTarget; turn?: Release | undefined },
  signal: AbortSignal | undefined,
): undefined | Promise<void> {
  if (turns === undefined) return undefined;
  const turn = turns.tryEnter(undefined, 0);
  if (turn !== undefined) {
    call.turn = turn;
    return undefined;
  }
  return turns.enter(undefined, 0, call.target, signal).then((taken) => {
    call.turn = taken;
  });
}

/**
 * Passes the turn on when `sent` settles, whatever its outcome (the node transport passes it earlier,
 * at the headers, through `LiteRequest.onHeaders`); returns `sent` unchanged.
 */
export function passTurnWhenAnswered<T>(sent: Promise<T>, turn: Release | undefined): Promise<T> {
  if (turn !== undefined) sent.then(turn, turn);
  return sent;
}
