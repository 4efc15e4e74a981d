// The facts of Kraken's seed documents the spec is checked against, as committed test fixtures
// (test/fixtures/, written by scripts/extract-seed-fixtures.mjs from the reference material; the tests
// read only the fixtures, so a clone runs them without that material).
import { readFileSync } from "node:fs";

export interface SeedParameter {
  name: string;
  in: string;
  required: boolean;
}
export interface SeedOperation {
  method: string;
  path: string;
  auth: boolean;
  parameters: SeedParameter[];
}
export interface SeedExample {
  method: string;
  path: string;
  /** The 1-based line of the seed the example starts at (the spec's `x-seed-line`). */
  line: number;
  json: unknown;
}

function readFixture<T>(file: string): T {
  return JSON.parse(readFileSync(new URL(`./fixtures/${file}`, import.meta.url), "utf8")) as T;
}

export const seedOperations = (): SeedOperation[] =>
  readFixture<{ operations: SeedOperation[] }>("seed-operations.json").operations;

/** The 28 real endpoint-level response examples of the seed (not auto-generated, not from the intro). */
export const realResponseExamples = (): SeedExample[] =>
  readFixture<{ examples: SeedExample[] }>("seed-response-examples.json").examples;
