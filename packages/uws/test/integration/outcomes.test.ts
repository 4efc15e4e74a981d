// No double orders: a request in flight when the connection drops is never resent; it rejects with
// UwsOutcomeUnknownError carrying the cl_ord_id, and the client reconciles it from the executions
// snapshot after the reconnect (the mock's engine says what really happened).
import { afterEach, describe, expect, it, vi } from "vitest";
import { type ReconcileResult, UwsOutcomeUnknownError } from "../../src/index.js";
import { type Bed, openWith, restingBuy, startBed, stopBed } from "./bed.js";

let bed: Bed | undefined;
afterEach(async () => {
  await stopBed(bed);
  bed = undefined;
});

const outcomeOf = async (run: Promise<unknown>) => {
  const error = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UwsOutcomeUnknownError);
  return error as UwsOutcomeUnknownError;
};

describe("an order whose connection drops mid-request", () => {
  it("dropped before the engine: outcome unknown, then reconciled as not placed", async () => {
    bed = await startBed();
    const { client, mock } = bed;
    await vi.waitFor(() => expect(client.orders.synced).toBe(true)); // the fault must hit the order
    const reconciled: ReconcileResult[] = [];
    client.on("reconciled", (r) => reconciled.push(r));
    mock.uws.faults.dropNextRequest = "before";
    const error = await outcomeOf(client.addOrder(restingBuy(mock, { cl_ord_id: "drop-before-1" })));
    expect(error.clOrdId).toBe("drop-before-1");
    expect(error.reason).toBe("lost");
    expect(await client.reconcile("drop-before-1")).toEqual({ clOrdId: "drop-before-1", placed: false });
    expect(reconciled).toEqual([{ clOrdId: "drop-before-1", placed: false }]);
    expect(openWith(mock, "drop-before-1")).toBe(0);
  });

  it("dropped after the engine: outcome unknown, then reconciled as placed, with the order", async () => {
    bed = await startBed();
    const { client, mock } = bed;
    await vi.waitFor(() => expect(client.orders.synced).toBe(true));
    mock.uws.faults.dropNextRequest = "after";
    const error = await outcomeOf(client.addOrder(restingBuy(mock)));
    expect(error.clOrdId).toMatch(/^[0-9a-f-]{36}$/); // generated, so that it can be reconciled
    const result = await client.reconcile(error.clOrdId as string);
    expect(result.placed).toBe(true);
    expect(result.placed && result.order.cl_ord_id).toBe(error.clOrdId);
    expect(openWith(mock, error.clOrdId as string)).toBe(1); // placed once, never resent
    expect(client.orders.byClOrdId(error.clOrdId as string)?.order_id).toBeTruthy();
  });

  it("a batch dropped after the engine names every order's cl_ord_id", async () => {
    bed = await startBed();
    const { client, mock } = bed;
    await vi.waitFor(() => expect(client.orders.synced).toBe(true));
    mock.uws.faults.dropNextRequest = "after";
    const { symbol: _s, ...one } = restingBuy(mock);
    const error = await outcomeOf(client.batchAdd({ symbol: "PF_XBTUSD", orders: [one, { ...one }] }));
    expect(error.clOrdIds).toHaveLength(2);
    for (const id of error.clOrdIds) {
      expect((await client.reconcile(id)).placed).toBe(true);
      expect(openWith(mock, id)).toBe(1);
    }
  });

  it("an answer that does not come in time is an unknown outcome too, reconciled without a reconnect", async () => {
    bed = await startBed();
    const { client, mock } = bed;
    await vi.waitFor(() => expect(client.orders.synced).toBe(true)); // acks held from here on
    mock.uws.faults.holdAcks = true;
    const pending = client.addOrder(restingBuy(mock, { cl_ord_id: "held-1" }), { timeoutMs: 200 });
    const error = await outcomeOf(pending);
    expect(error.reason).toBe("timeout");
    mock.uws.faults.holdAcks = false;
    mock.uws.releaseAcks();
    expect((await client.reconcile("held-1")).placed).toBe(true);
    expect(openWith(mock, "held-1")).toBe(1);
  });
});
