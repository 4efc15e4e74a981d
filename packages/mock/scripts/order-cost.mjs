#!/usr/bin/env node
import { HistoryRecorder } from "../dist/engine/history.js";
/**
 * What one `sendorder` + `cancelorder` costs the engine after N orders, for N = 1,000 and 40,000 (issue
 * 12, item 16): the cost must not grow with the orders sent before. Also times one 5,000-order burst
 * (what a `batchorder` of 5,000 sends does to the event loop). Run after `pnpm build`:
 *
 *   node packages/mock/scripts/order-cost.mjs            # prints the figures and the ratio
 *
 * A measurement, not a test: timings are never asserted (the ratio is printed for the report).
 */
import { Exchange, manualClock } from "../dist/index.js";

// 7 rounds of 200 pairs: the book grows by 1,400 orders while it is measured, small beside 40,000.
const SAMPLE = Number(process.env.ORDER_COST_SAMPLE ?? 200);
const ROUNDS = Number(process.env.ORDER_COST_ROUNDS ?? 7);

function exchange() {
  const ex = new Exchange({ clock: manualClock(), balances: { flex: { USD: 1e12 } } });
  const history = new HistoryRecorder(ex);
  const bid = ex.books.get("PF_XBTUSD").bestSimulated("buy");
  const order = (i) => ({
    orderType: "lmt",
    symbol: "PF_XBTUSD",
    side: "buy",
    size: 0.01,
    limitPrice: bid - 100 - (i % 50),
    cliOrdId: `c${i}`,
  });
  let i = 0;
  const pair = () => {
    const sent = ex.sendOrder(order(i++));
    if (sent.status !== "placed") throw new Error(`not placed: ${sent.status}`);
    ex.cancelOrder(sent.orderId);
  };
  return { ex, history, pair, order: () => ex.sendOrder(order(i++)) };
}

/** Median µs per send + cancel pair, over ROUNDS samples of SAMPLE pairs, after `before` pairs. */
function pairCost(before) {
  const m = exchange();
  for (let k = 0; k < before; k++) m.pair();
  const medians = [];
  for (let r = 0; r < ROUNDS; r++) {
    const t0 = performance.now();
    for (let k = 0; k < SAMPLE; k++) m.pair();
    medians.push(((performance.now() - t0) * 1000) / SAMPLE);
  }
  medians.sort((a, b) => a - b);
  return medians[Math.floor(medians.length / 2)];
}

function burst(n) {
  const m = exchange();
  const t0 = performance.now();
  for (let k = 0; k < n; k++) m.order();
  return performance.now() - t0;
}

// Warm the JIT on a throwaway exchange so the first figure is not the interpreter's.
pairCost(2_000);
const at1k = pairCost(1_000);
const at40k = pairCost(40_000);
const burstMs = burst(5_000);
console.log(`send + cancel after  1,000 orders: ${at1k.toFixed(1)} µs`);
console.log(`send + cancel after 40,000 orders: ${at40k.toFixed(1)} µs`);
console.log(`ratio 40k / 1k: ${(at40k / at1k).toFixed(2)} (done when ≤ 2)`);
console.log(`5,000 resting orders sent in one burst: ${burstMs.toFixed(0)} ms`);
