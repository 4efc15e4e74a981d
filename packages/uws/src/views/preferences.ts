import { Listeners } from "../emitter.js";
import type { components, PreferencesSnapshot, PreferencesUpdate } from "../generated/uws.gen.js";

/** The account's preferences. */
export type Preferences = components["schemas"]["PreferencesData"];

/** The preferences: a snapshot on subscribe, then an update whenever a value changes (merged in). */
export class PreferencesView {
  #state: Preferences | undefined;
  readonly #events = new Listeners<{ update: Preferences }>();

  /** Undefined until the snapshot arrived. */
  get state(): Preferences | undefined {
    return this.#state;
  }

  on(event: "update", listener: (state: Preferences) => void): () => void {
    return this.#events.on(event, listener);
  }

  apply(message: PreferencesSnapshot | PreferencesUpdate): void {
    this.#state = message.type === "snapshot" ? { ...message.data } : { ...this.#state, ...message.data };
    this.#events.emit("update", this.#state);
  }
}
