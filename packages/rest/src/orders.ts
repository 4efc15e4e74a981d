/**
 * Order outcomes. Kraken answers `result: "success"` when it assessed an order request, even when the
 * order was refused (`sendStatus.status: "insufficientAvailableFunds"`, `"iocWouldNotExecute"`, …). The
 * client returns those answers typed, as they are; {@link assertOrderPlaced} turns them into errors for
 * code that wants any refusal to throw.
 */
import { KrakenFuturesError, nameErrorClasses } from "@kraken-futures/auth";

/** Statuses meaning Kraken did what the instruction asked. */
export const ACCEPTED_ORDER_STATUSES: ReadonlySet<string> = new Set([
  "placed",
  "partiallyFilled",
  "filled",
  "edited",
  "cancelled",
]);

/** One refused instruction: which status field, its status, and the batch `order_tag` when there is one. */
export interface OrderRejection {
  /** `sendStatus`, `editStatus`, `cancelStatus` or `batchStatus[i]`. */
  readonly field: string;
  readonly status: string;
  readonly orderTag?: string | undefined;
}

/** An order answer whose status is not one of {@link ACCEPTED_ORDER_STATUSES}; see {@link assertOrderPlaced}. */
export class OrderRejectedError extends KrakenFuturesError {
  /** Every refused instruction (one for sendorder, editorder, cancelorder; any number for batchorder). */
  readonly rejections: readonly OrderRejection[];
  /** The whole answer, as returned by the client. */
  readonly result: unknown;
  constructor(rejections: readonly OrderRejection[], result: unknown) {
    const list = rejections.map((r) => `${r.field}: ${r.status}`).join(", ");
    super(`order not accepted (${list})`);
    this.rejections = rejections;
    this.result = result;
  }
}

function statusOf(value: unknown): string | undefined {
  const status = (value as { status?: unknown } | null | undefined)?.status;
  return typeof status === "string" ? status : undefined;
}

/**
 * The refused instructions of a sendorder, editorder, cancelorder or batchorder answer (`data`), or an
 * empty list when everything was accepted.
 */
export function orderRejections(result: unknown): OrderRejection[] {
  const rejections: OrderRejection[] = [];
  const body = (result ?? {}) as Record<string, unknown>;
  for (const field of ["sendStatus", "editStatus", "cancelStatus"]) {
    const status = statusOf(body[field]);
    if (status !== undefined && !ACCEPTED_ORDER_STATUSES.has(status)) rejections.push({ field, status });
  }
  if (Array.isArray(body["batchStatus"])) {
    body["batchStatus"].forEach((item: unknown, i: number) => {
      const status = statusOf(item);
      if (status !== undefined && !ACCEPTED_ORDER_STATUSES.has(status)) {
        const tag = (item as { order_tag?: unknown }).order_tag;
        rejections.push({
          field: `batchStatus[${i}]`,
          status,
          orderTag: typeof tag === "string" ? tag : undefined,
        });
      }
    });
  }
  return rejections;
}

/**
 * Returns `result` unchanged when every order instruction in it was accepted (placed, filled, edited or
 * cancelled), and throws {@link OrderRejectedError} otherwise.
 *
 * @example
 * const { data } = await client.POST("/sendorder", { params: { query: order } });
 * assertOrderPlaced(data); // throws on insufficientAvailableFunds, iocWouldNotExecute, …
 */
export function assertOrderPlaced<T>(result: T): T {
  const rejections = orderRejections(result);
  if (rejections.length > 0) throw new OrderRejectedError(rejections, result);
  return result;
}

nameErrorClasses({ OrderRejectedError });
