/** A parsed UWS request and its acknowledgement. */
import type { UwsConnection } from "./connection.js";
import { rfc3339 } from "./wire.js";

type Json = Record<string, unknown>;

/** A request being answered. */
export interface UwsRequest {
  readonly conn: UwsConnection;
  readonly method: string;
  readonly params: Json;
  readonly reqId: number | undefined;
  /** When it arrived, on the exchange clock. */
  readonly timeIn: number;
}

/** The acknowledgement of a request: `result` on success, `error` on refusal (and then no `result`). */
export function ack(req: UwsRequest, now: number, outcome: { result?: unknown } | { error: string }): Json {
  const method = req.method === "ping" ? "pong" : req.method;
  const base: Json = { method };
  if ("error" in outcome) Object.assign(base, { success: false, error: outcome.error });
  else Object.assign(base, outcome.result === undefined ? {} : { result: outcome.result }, { success: true });
  return {
    ...base,
    time_in: rfc3339(req.timeIn),
    time_out: rfc3339(now),
    ...(req.reqId === undefined ? {} : { req_id: req.reqId }),
  };
}

/** A refusal raised while handling a request; the dispatcher turns it into `success: false`. */
export class UwsRefusal extends Error {
  constructor(readonly error: string) {
    super(error);
    this.name = "UwsRefusal";
  }
}

/** Throws a refusal unless `ok`. */
export function check(ok: boolean, error: string): asserts ok {
  if (!ok) throw new UwsRefusal(error);
}

/** Reads an optional boolean param (refusing any other type). */
export function boolParam(params: Json, name: string, fallback: boolean): boolean {
  const v = params[name];
  if (v === undefined) return fallback;
  check(typeof v === "boolean", `'params.${name}' is not valid`);
  return v;
}

/** Reads a required, non-empty array of strings. */
export function stringsParam(params: Json, name: string): string[] {
  const v = params[name];
  check(v !== undefined, `'params.${name}' is required`);
  check(
    Array.isArray(v) && v.length > 0 && v.every((s) => typeof s === "string"),
    `'params.${name}' is not valid`,
  );
  return v as string[];
}
