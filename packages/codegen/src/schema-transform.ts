// The openapi-typescript transform every generator shares, so that a spec convention (numeric strings,
// open enums; specs/README.md) turns into the same TypeScript whichever surface it appears in.
import { tsLiteral, tsUnion } from "openapi-typescript";
import ts from "typescript";

/** The part of a JSON schema node the transform reads. */
export interface TransformableSchema {
  readonly "x-numeric"?: unknown;
  readonly anyOf?: readonly Record<string, unknown>[];
  readonly [key: string]: unknown;
}

const STRING_AND_EMPTY = ts.factory.createIntersectionTypeNode([
  ts.factory.createKeywordTypeNode(ts.SyntaxKind.StringKeyword),
  ts.factory.createTypeLiteralNode([]),
]);

/** `anyOf: [{type: string, enum}, {type: string}]` is the spec's open enum (specs/README.md): its values. */
export function openEnumValues(schema: TransformableSchema): unknown[] | undefined {
  if (!Array.isArray(schema.anyOf) || schema.anyOf.length !== 2) return undefined;
  const closed = schema.anyOf.find((s) => Array.isArray(s.enum));
  const open = schema.anyOf.find((s) => s !== closed);
  if (!closed || !open || open.type !== "string" || open.enum || open.$ref || open.const !== undefined)
    return undefined;
  return closed.enum as unknown[];
}

/** The `transform` option of openapi-typescript: Numeric fields become `number`, open enums a union. */
export function schemaTransform(schema: TransformableSchema): ts.TypeNode | undefined {
  // Numeric fields may arrive as numeric strings; clients convert them, so users see number.
  if (schema["x-numeric"] === true) return ts.factory.createKeywordTypeNode(ts.SyntaxKind.NumberKeyword);
  const values = openEnumValues(schema);
  // (string & {}) keeps editor completion for the known values while accepting new ones.
  if (values) return tsUnion([...values.map((v) => tsLiteral(v)), STRING_AND_EMPTY]);
  return undefined;
}
