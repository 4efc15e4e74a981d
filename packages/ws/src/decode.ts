import { WsDecodeError } from "./errors.js";
import { type NumericPlan, numericFields, type ServerMessage } from "./generated/ws.gen.js";

const NUMERIC = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?$/;

/** Result of {@link decodeFrame}: the message, or why the frame was dropped. */
export type Decoded = { ok: true; message: ServerMessage } | { ok: false; error: WsDecodeError };

/**
 * Decodes one WebSocket frame into a server message. Never throws: whatever the input (binary, invalid
 * JSON, arrays, deep nesting, numeric strings), the result is a message or a {@link WsDecodeError}.
 *
 * Numeric fields that arrive as numeric strings are converted to numbers, as the spec's `Numeric` schema
 * promises users (`numericFields`, generated from the spec, says where they are). A message of a feed or
 * event this version does not know is still returned: the union is open on the wire.
 */
export function decodeFrame(data: unknown): Decoded {
  let text: string;
  if (typeof data === "string") text = data;
  else if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) {
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(data as ArrayBuffer);
    } catch (cause) {
      return fail("a binary frame is not UTF-8 text", "<binary>", cause);
    }
  } else return fail(`a frame of type ${typeof data} is not text`, String(data));

  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    return fail("a frame is not JSON", text, cause);
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return fail("a frame is not a JSON object", text);
  }
  const record = value as Record<string, unknown>;
  // Acknowledgements carry both (`{"event":"subscribed","feed":"book"}`): `event` wins.
  const key = typeof record["event"] === "string" ? record["event"] : record["feed"];
  if (typeof key !== "string") return fail("a frame has neither a feed nor an event string", text);
  const plan = numericFields[key];
  if (plan !== undefined) coerce(record, plan);
  return { ok: true, message: record as unknown as ServerMessage };
}

function fail(message: string, frame: string, cause?: unknown): Decoded {
  return { ok: false, error: new WsDecodeError(message, frame, cause === undefined ? undefined : { cause }) };
}

/** Converts numeric strings to numbers in place where the plan says a Numeric is. */
function coerce(value: unknown, plan: NumericPlan): unknown {
  if (plan === true) return typeof value === "string" && NUMERIC.test(value) ? Number(value) : value;
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) {
    const items = plan["[]"];
    if (items !== undefined) for (let i = 0; i < value.length; i++) value[i] = coerce(value[i], items);
    return value;
  }
  const record = value as Record<string, unknown>;
  const values = plan["*"];
  if (values !== undefined) {
    for (const key of Object.keys(record)) record[key] = coerce(record[key], values);
    return value;
  }
  for (const key in plan) {
    if (key !== "[]" && Object.hasOwn(record, key)) record[key] = coerce(record[key], plan[key]!);
  }
  return value;
}
