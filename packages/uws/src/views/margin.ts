import { Listeners } from "../emitter.js";
import type { MarginMultiCollateral, MarginSingleCollateral } from "../generated/uws.gen.js";

/** The margin state: each section as its last message carried it. */
export interface MarginState {
  readonly multi_collateral: MarginMultiCollateral["data"] | undefined;
  readonly single_collateral: MarginSingleCollateral["data"] | undefined;
}

/**
 * The margin state, one section per message type (`multi_collateral`, `single_collateral`): there is no
 * snapshot/update distinction, every message is a full section and replaces it whole.
 */
export class MarginView {
  #state: MarginState = { multi_collateral: undefined, single_collateral: undefined };
  readonly #events = new Listeners<{ update: MarginState }>();

  get state(): MarginState {
    return this.#state;
  }

  on(event: "update", listener: (state: MarginState) => void): () => void {
    return this.#events.on(event, listener);
  }

  apply(message: MarginMultiCollateral | MarginSingleCollateral): void {
    this.#state = { ...this.#state, [message.type]: message.data };
    this.#events.emit("update", this.#state);
  }
}
