import {
  KrakenFuturesError,
  nameErrorClasses,
  PostDataError,
  SigningError,
} from "@kraken-futures/core/errors";

// The base class and its naming helper live in @kraken-futures/core (one home for the SDK's error base;
// its small `/errors` entry, so signing code never loads the WebSocket core);
// re-exported here so that `import { KrakenFuturesError } from "@kraken-futures/auth"` keeps working and
// names the very same class.
export { KrakenFuturesError, nameErrorClasses, PostDataError, SigningError };
// PostDataError and SigningError live in core too: the one encoder and the pipeline's signing stage
// (both in core) throw them.

/**
 * A key pair was refused by {@link parseCredentials}: an empty or malformed API key, or an API secret that
 * is not strict base64 or decodes to an implausible length. The message says which field and why, and
 * never contains the key or the secret.
 */
export class CredentialsError extends KrakenFuturesError {}

/**
 * A key of one Kraken API was given where the other's is needed: a Futures {@link Credentials} to sign
 * a Spot call, or {@link SpotCredentials} to sign a Futures call. The two kinds of keys are created
 * separately and Kraken refuses a signature made with the wrong one, so this is caught before anything
 * is sent. `expected` and `received` name the two kinds; the message never contains the key.
 */
export class CredentialsKindError extends CredentialsError {
  /** The kind of key the call needs. */
  readonly expected: "futures" | "spot";
  /** The kind of key that was given. */
  readonly received: "futures" | "spot";

  /**
   * @param message what was refused, for humans; never the key.
   * @param kinds the kind needed and the kind given.
   */
  constructor(message: string, kinds: { expected: "futures" | "spot"; received: "futures" | "spot" }) {
    super(message);
    this.expected = kinds.expected;
    this.received = kinds.received;
  }
}

nameErrorClasses({ CredentialsError, CredentialsKindError });
