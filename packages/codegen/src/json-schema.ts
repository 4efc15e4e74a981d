// The JSON Schema nodes the generators walk, as far as they read them.

/** A schema node of a bundled spec (OpenAPI 3.1 / AsyncAPI 3.0 payloads: JSON Schema 2020-12). */
export interface Schema {
  readonly $ref?: string;
  readonly type?: string | readonly string[];
  readonly properties?: Readonly<Record<string, Schema>>;
  readonly anyOf?: readonly Schema[];
  readonly oneOf?: readonly Schema[];
  readonly allOf?: readonly Schema[];
  readonly items?: Schema;
  readonly additionalProperties?: Schema | boolean;
  readonly "x-numeric"?: boolean;
  readonly [key: string]: unknown;
}

/** Where a message holds Numeric values: `true` for a value, else by key (`"[]"` items, `"*"` map values). */
export type NumericPlan = true | { readonly [key: string]: NumericPlan };
