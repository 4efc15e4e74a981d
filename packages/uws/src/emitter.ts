import { Emitter, type Logger, silentLogger } from "@kraken-futures/core";

/**
 * Typed listeners: the core's `Emitter` (a listener that throws is logged and skipped, so it cannot break
 * the client), silent unless given a logger.
 */
export class Listeners<Events> extends Emitter<Events> {
  constructor(log: Logger = silentLogger) {
    super(log);
  }
}
