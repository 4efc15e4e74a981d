import type { Args } from "./handlers.js";

/** A non-JSON answer (the account log's CSV export). */
export class RawBody {
  constructor(
    readonly contentType: string,
    readonly text: string,
  ) {}
}

/** An operation's implementation on a surface: the success payload (a JSON value or a {@link RawBody}). */
export type SurfaceHandler = (args: Args) => unknown;
