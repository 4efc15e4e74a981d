// The files of an OpenAPI surface, from its bundled document (packages/specs/dist):
//   <surface>.gen.ts             openapi-typescript types (paths, components, operations)
//   <surface>.operations.gen.ts  the operation table clients read (ApiDescription)
//   <surface>.server.gen.ts      what a server of the spec needs (mirrors only: the mock exchange)
import { join } from "node:path";
import { header } from "../header.js";
import { describeApi, describeServer, type OpenApiDocument } from "../operation-table/index.js";
import type { Output } from "../outputs.js";
import { typesOf } from "../payload-types.js";

/** The surface facts the OpenAPI emitter needs: its name, source path and output folders. */
export interface OpenApiTarget {
  readonly name: string;
  readonly source: string;
  /** The client package's src/generated/ first, then each mirror's. */
  readonly dirs: readonly string[];
}

/** The TypeScript of every path, operation and schema, as openapi-typescript prints it. */
export function openApiTypes(document: OpenApiDocument): Promise<string> {
  // openapi-typescript rewrites parts of the document it is given (a `const` among them): it gets a copy.
  // A `default` describes what the server assumes when a field is omitted; it must not make the field
  // required in what users send (reduceOnly of a batch instruction).
  return typesOf(structuredClone(document), { defaultNonNullable: false });
}

/** `export const <name> = <value> as const satisfies <type>;`, importing the type from core. */
const table = (type: string, name: string, value: unknown): string =>
  // The operation model's types live in core; generated files import nothing else.
  `import type { ${type} } from "@kraken-futures/core";

export const ${name} = ${JSON.stringify(value, null, 2)} as const satisfies ${type};
`;

/** Every file of an OpenAPI surface, for its package and each mirror. */
export async function emitOpenApi(target: OpenApiTarget, document: OpenApiDocument): Promise<Output[]> {
  const hash = String((document.info as { "x-content-hash"?: string } | undefined)?.["x-content-hash"]);
  const head = (about: string) =>
    header(`generate ${target.name}`, target.source, `(bundle hash ${hash})`, about);
  const types =
    head("Types of every path, operation and schema (openapi-typescript).") + (await openApiTypes(document));
  const tables =
    head("The facts clients read about each operation: signing, cost, retry safety, numeric fields.") +
    table("ApiDescription", `${target.name}Api`, describeApi(document, target.name, hash));
  const server =
    head("What a server of the spec needs besides the client's table (the mock exchange reads it).") +
    table("ServerDescription", `${target.name}Server`, describeServer(document));
  // The client package gets the types and the table; a mirror (the mock) also the server facts.
  return target.dirs.flatMap((dir, i) => [
    { file: join(dir, `${target.name}.gen.ts`), content: types },
    { file: join(dir, `${target.name}.operations.gen.ts`), content: tables },
    ...(i > 0 ? [{ file: join(dir, `${target.name}.server.gen.ts`), content: server }] : []),
  ]);
}
