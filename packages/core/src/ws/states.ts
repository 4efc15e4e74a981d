import { KrakenFuturesError, nameErrorClasses } from "../errors.js";

/** The states of a connection. */
export type ConnectionState =
  /** created; nothing connected yet */
  | "idle"
  /** a socket is being opened */
  | "connecting"
  /** the socket is open; the protocol has not authenticated or restored subscriptions yet */
  | "open"
  /** the protocol's authentication step runs (a v1 challenge, a UWS token) */
  | "authenticating"
  /** subscriptions are (re)sent and flowing */
  | "ready"
  /** the socket dropped; waiting for the next attempt */
  | "reconnecting"
  /** closed by `close()`, or given up: final */
  | "closed";

/**
 * Every legal move, and nothing else. `ready → authenticating` is the first private subscription on a
 * connection that so far carried public ones only. Every state can be closed; `closed` is final.
 */
export const TRANSITIONS: Readonly<Record<ConnectionState, readonly ConnectionState[]>> =
  /* @__PURE__ */ Object.freeze({
    idle: ["connecting", "closed"],
    connecting: ["open", "reconnecting", "closed"],
    open: ["authenticating", "ready", "reconnecting", "closed"],
    authenticating: ["ready", "reconnecting", "closed"],
    ready: ["authenticating", "reconnecting", "closed"],
    reconnecting: ["connecting", "closed"],
    closed: [],
  });

/** A move the table does not allow was asked for: a bug of the SDK, never the user's or the server's doing. */
export class IllegalTransitionError extends KrakenFuturesError {
  readonly from: ConnectionState;
  readonly to: ConnectionState;
  constructor(from: ConnectionState, to: ConnectionState) {
    super(`illegal connection state move ${from} -> ${to} (a bug of the SDK: please report it)`);
    this.from = from;
    this.to = to;
  }
}
nameErrorClasses({ IllegalTransitionError });

/**
 * The one place the state changes. A move outside {@link TRANSITIONS} is refused: the state stays, and
 * `onIllegal` gets the error (the connection logs it, or throws it with `strict`, as the tests run).
 */
export class StateMachine {
  #state: ConnectionState = "idle";
  readonly #onChange: (from: ConnectionState, to: ConnectionState) => void;
  readonly #onIllegal: (error: IllegalTransitionError) => void;

  constructor(
    onChange: (from: ConnectionState, to: ConnectionState) => void,
    onIllegal: (error: IllegalTransitionError) => void,
  ) {
    this.#onChange = onChange;
    this.#onIllegal = onIllegal;
  }

  get state(): ConnectionState {
    return this.#state;
  }

  /** Whether `to` is a legal next state. */
  can(to: ConnectionState): boolean {
    return TRANSITIONS[this.#state].includes(to);
  }

  /** Moves to `to`; returns false (and reports) when the table refuses the move. */
  move(to: ConnectionState): boolean {
    const from = this.#state;
    if (!TRANSITIONS[from].includes(to)) {
      this.#onIllegal(new IllegalTransitionError(from, to));
      return false;
    }
    this.#state = to;
    this.#onChange(from, to);
    return true;
  }
}
