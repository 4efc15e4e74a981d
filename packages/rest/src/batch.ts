/**
 * The batchorder helper: builds the `json` argument (a BatchOrder document) from typed instructions.
 * The client's one encoder writes it as JSON and url-encodes it, and the signature covers those bytes,
 * which is where hand-built batches in other libraries break (`Json Parse Error`, bad signatures).
 */
import type { components } from "./generated/trading.gen.js";
import type { RestClient } from "./rest-client.js";
import type { ApiResponse, CallOptions } from "./types.js";

type Schemas = components["schemas"];

/** One send, edit or cancel instruction (the spec's `BatchInstruction`, discriminated by `order`). */
export type BatchInstruction = Schemas extends { BatchInstruction: infer I }
  ? I
  : { order: "send" | "edit" | "cancel"; [field: string]: unknown };

/** The success answer of batchorder: one `batchStatus` entry per instruction. */
export type BatchOrderResult = Schemas extends { BatchOrderResponse: infer R }
  ? R
  : { result: "success"; serverTime: string; batchStatus: Array<{ status: string; order_tag?: string }> };

/** Options of {@link batchOrder}. */
export interface BatchOrderOptions extends CallOptions {
  /** ISO time after which Kraken must not process the batch (`processBefore`); default none. */
  readonly processBefore?: string | undefined;
}

type UntypedPost = (
  path: string,
  init: { params: { query: Record<string, unknown> } } & CallOptions,
) => Promise<ApiResponse<unknown>>;

/**
 * Sends several order instructions in one signed `POST /batchorder` (cost 9 + 1 per instruction).
 * Never retried. Refusals come back per instruction in `data.batchStatus`; pass `data` to
 * `assertOrderPlaced` to throw on any of them.
 *
 * @example
 * const { data } = await batchOrder(client, [
 *   { order: "send", order_tag: "1", orderType: "lmt", symbol: "PF_XBTUSD", side: "buy", size: 1, limitPrice: 50000 },
 *   { order: "cancel", order_id: "e35d61dd-8a30-4d5f-a574-b5593ef0c050" },
 * ]);
 */
export function batchOrder(
  client: RestClient,
  instructions: readonly BatchInstruction[],
  options: BatchOrderOptions = {},
): Promise<{ data: BatchOrderResult; response: Response }> {
  const { processBefore, ...call } = options;
  const post = client.POST as unknown as UntypedPost;
  return post("/batchorder", {
    ...call,
    params: { query: { json: { batchOrder: instructions }, processBefore } },
  }) as Promise<{ data: BatchOrderResult; response: Response }>;
}
