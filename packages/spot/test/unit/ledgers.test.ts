// walkLedgers: every matching entry once, however the pages fall.
import { describe, expect, it } from "vitest";
import type { LedgerEntry, LedgersPage, LedgersQuery } from "../../src/index.js";
import { walkLedgers } from "../../src/index.js";

const entry = (n: number): LedgerEntry => ({
  refid: `T${n}`,
  time: n,
  type: "trade",
  asset: "ZUSD",
  amount: `${n}.0000`,
});

/** A ledger of `total` entries, newest first, served 50 at a time; `onPage` may add entries meanwhile. */
function ledgerOf(total: number, onPage: (ledger: string[]) => void = () => {}) {
  const ids = Array.from({ length: total }, (_, i) => `L${total - i}`);
  const queries: LedgersQuery[] = [];
  const fetchPage = async (query: LedgersQuery): Promise<LedgersPage> => {
    queries.push(query);
    const ofs = query.ofs ?? 0;
    const page = ids.slice(ofs, ofs + 50);
    onPage(ids);
    return {
      ledger: Object.fromEntries(page.map((id) => [id, entry(Number(id.slice(1)))])),
      count: ids.length,
    };
  };
  return { fetchPage, queries };
}

async function collect(walk: AsyncGenerator<[string, LedgerEntry]>): Promise<string[]> {
  const out: string[] = [];
  for await (const [id] of walk) out.push(id);
  return out;
}

describe("walkLedgers", () => {
  it("pages with ofs until count, passing the filters on", async () => {
    const { fetchPage, queries } = ledgerOf(120);
    const ids = await collect(walkLedgers(fetchPage, { asset: "ZUSD", start: 10, without_count: true }));
    expect(ids).toHaveLength(120);
    expect(new Set(ids).size).toBe(120);
    expect(queries).toEqual([
      { asset: "ZUSD", start: 10, ofs: 0 },
      { asset: "ZUSD", start: 10, ofs: 50 },
      { asset: "ZUSD", start: 10, ofs: 100 },
    ]);
  });

  it("yields each id once when new entries shift the pages while it walks", async () => {
    let next = 1000;
    const { fetchPage } = ledgerOf(100, (ids) => {
      if (ids.length < 103) ids.unshift(`L${next++}`);
    });
    const ids = await collect(walkLedgers(fetchPage));
    expect(new Set(ids).size).toBe(ids.length);
    for (let n = 1; n <= 100; n++) expect(ids).toContain(`L${n}`);
  });

  it("stops at an empty page, and on an empty ledger after one call", async () => {
    const { fetchPage, queries } = ledgerOf(0);
    expect(await collect(walkLedgers(fetchPage))).toEqual([]);
    expect(queries).toHaveLength(1);
  });
});
