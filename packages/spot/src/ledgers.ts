/**
 * Every ledger entry matching a query, page after page: what recovering a gap in the Unified
 * WebSocket's `ledgers` sequence needs ("use the REST Ledgers endpoint to recover missed entries").
 */
import type { CallOptions } from "@kraken-futures/core/http";
import type { LedgerEntry, LedgersPage, LedgersQuery } from "./client.js";

type FetchPage = (query: LedgersQuery, options: CallOptions | undefined) => Promise<LedgersPage>;

/**
 * Walks `Ledgers` with `ofs` in steps of the page it got, yielding `[ledgerId, entry]` in Kraken's order
 * (newest first) until a page comes back empty or `count` entries have been seen. Entries written while
 * it walks push older ones to later offsets, so the same entry can come twice: each id is yielded once.
 * `query.ofs` is the first offset (default 0); `without_count` is not sent, since `count` ends the walk.
 */
export async function* walkLedgers(
  fetchPage: FetchPage,
  query: LedgersQuery = {},
  options?: CallOptions,
): AsyncGenerator<[string, LedgerEntry]> {
  const { without_count: _ignored, ...filters } = query;
  const seen = new Set<string>();
  let ofs = filters.ofs ?? 0;
  for (;;) {
    const page = await fetchPage({ ...filters, ofs }, options);
    const entries = Object.entries(page.ledger ?? {});
    for (const [id, entry] of entries) {
      if (seen.has(id)) continue;
      seen.add(id);
      yield [id, entry];
    }
    ofs += entries.length;
    if (entries.length === 0 || (page.count !== undefined && ofs >= page.count)) return;
  }
}
