// openapi-typescript with the options every surface shares: the OpenAPI surfaces' types, and the payload
// types of the AsyncAPI surfaces, whose schemas are JSON Schema 2020-12 like OpenAPI 3.1's.
import openapiTS, { astToString, type OpenAPI3, type OpenAPITSOptions } from "openapi-typescript";
import type { Schema } from "./json-schema.js";
import { schemaTransform } from "./schema-transform.js";

/** Options of {@link typesOf}. */
export interface TypeOptions {
  /**
   * openapi-typescript's option (default true): when false, a `default` (what the server assumes when a
   * field is omitted) does not make the field required in what users send.
   */
  readonly defaultNonNullable?: boolean;
}

/** The TypeScript openapi-typescript prints for an OpenAPI 3.1 document, with the shared transform. */
export async function typesOf(document: object, options: TypeOptions = {}): Promise<string> {
  const ast = await openapiTS(document as OpenAPI3, {
    alphabetize: false,
    immutable: false,
    // The transform's input type is narrower than openapi-typescript's SchemaObject: it reads two keys.
    transform: schemaTransform as OpenAPITSOptions["transform"],
    ...options,
  });
  return astToString(ast);
}

/** The TypeScript of `components["schemas"]` for an AsyncAPI document's payload schemas. */
export function payloadTypes(
  info: { readonly title: string; readonly version: string },
  schemas: Readonly<Record<string, Schema>>,
  options: TypeOptions = {},
): Promise<string> {
  // openapi-typescript reads OpenAPI: the schemas go into an otherwise empty OpenAPI 3.1 document.
  const document = {
    openapi: "3.1.0",
    info: { title: info.title, version: info.version },
    paths: {},
    components: { schemas },
  };
  return typesOf(document, options);
}
