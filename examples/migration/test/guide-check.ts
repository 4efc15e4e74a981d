/**
 * Reads the mapping tables of docs/migrating-to-uws.md and checks them against the generated tables.
 * A table follows its marker `<!-- mapping:<name> -->`; its first column is the v1 feed or the operation
 * key (`METHOD /path`, as in `tradingApi.operations`), operation tables have the `operationId` second,
 * then the UWS cell: UWS names in backticks joined by ` + `, or `no UWS equivalent` (then the notes must
 * say where to go instead).
 */
import { readFileSync } from "node:fs";

/** One row of a mapping table, cells trimmed. */
export interface MappingRow {
  readonly cells: readonly string[];
  readonly line: number;
}

export const NO_EQUIVALENT = "no UWS equivalent";
const UWS_CELL = /^`[a-z0-9_]+`( \+ `[a-z0-9_]+`)*$/;

/** The guide's text. */
export function readGuide(): string {
  return readFileSync(new URL("../../../docs/migrating-to-uws.md", import.meta.url), "utf8");
}

/** The rows (header and separator dropped) of the table after `<!-- mapping:<name> -->`. */
export function mappingTable(markdown: string, name: string): MappingRow[] {
  const lines = markdown.split("\n");
  const start = lines.findIndex((l) => l.trim() === `<!-- mapping:${name} -->`);
  if (start < 0) throw new Error(`the guide has no table marked mapping:${name}`);
  const rows: MappingRow[] = [];
  let i = start + 1;
  while (i < lines.length && lines[i]!.trim() === "") i++;
  for (; i < lines.length && lines[i]!.startsWith("|"); i++) {
    const cells = lines[i]!.slice(1, lines[i]!.trimEnd().length - 1)
      .split("|")
      .map((c) => c.trim());
    rows.push({ cells, line: i + 1 });
  }
  return rows.slice(2);
}

/** The one backticked name a key cell must be. */
function single(cell: string): string | undefined {
  const m = /^`([^`]+)`$/.exec(cell);
  return m?.[1];
}

/** The UWS names of a UWS cell, or `[]` for no equivalent; a problem for anything else. */
function uwsNames(cell: string): string[] | string {
  if (cell === NO_EQUIVALENT) return [];
  if (!UWS_CELL.test(cell))
    return `UWS cell "${cell}" is neither \`name\` [+ \`name\`…] nor "${NO_EQUIVALENT}"`;
  return [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
}

/** What the guide's tables are checked against. */
export interface Truth {
  /** Every key the table must have exactly once, with its operationId where there is one. */
  readonly keys: ReadonlyMap<string, string | undefined>;
  /** UWS channel and method names of the spec. */
  readonly uwsNames: ReadonlySet<string>;
}

/** Problems of one table; empty when it matches. */
export function checkTable(rows: readonly MappingRow[], truth: Truth): string[] {
  const problems: string[] = [];
  const withIds = [...truth.keys.values()].some((id) => id !== undefined);
  const seen = new Map<string, number>();
  for (const { cells, line } of rows) {
    const where = `line ${line}`;
    const key = single(cells[0] ?? "");
    if (key === undefined) {
      problems.push(`${where}: first cell "${cells[0]}" is not one \`key\``);
      continue;
    }
    seen.set(key, (seen.get(key) ?? 0) + 1);
    if (!truth.keys.has(key)) problems.push(`${where}: \`${key}\` is not in the generated table`);
    const uwsCell = withIds ? cells[2] : cells[1];
    const notes = withIds ? cells[3] : cells[2];
    if (withIds) {
      const id = single(cells[1] ?? "");
      const expected = truth.keys.get(key);
      if (truth.keys.has(key) && id !== expected)
        problems.push(`${where}: \`${key}\` is ${expected}, the row says ${cells[1]}`);
    }
    const names = uwsNames(uwsCell ?? "");
    if (typeof names === "string") problems.push(`${where}: ${names}`);
    else {
      for (const n of names)
        if (!truth.uwsNames.has(n))
          problems.push(`${where}: \`${n}\` is no UWS channel or method of the spec`);
      if (names.length === 0 && !notes)
        problems.push(`${where}: \`${key}\` has no UWS equivalent and no note on where to go`);
    }
  }
  for (const [key, n] of seen) if (n > 1) problems.push(`\`${key}\` has ${n} rows`);
  for (const key of truth.keys.keys())
    if (!seen.has(key)) problems.push(`\`${key}\` has no row: map it or say "${NO_EQUIVALENT}"`);
  return problems;
}
