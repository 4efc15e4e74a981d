// The parts of an AsyncAPI 3.0 document the WebSocket generators read, and how a surface's document is
// loaded: the bundle when it was built, else the source YAML. `$ref`s are read by ../json-pointer.ts.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import type { Schema } from "../json-schema.js";
import { bundlePath, root, type Surface } from "../surfaces.js";

/** A `{ $ref }` object, as operations and channels name their messages and servers. */
export interface Ref {
  readonly $ref: string;
}

/** A message component: its payload schema and the v1 feed extensions. */
export interface Message {
  readonly payload: Ref;
  readonly "x-feed"?: string;
  readonly "x-role"?: "snapshot" | "update";
  readonly [key: string]: unknown;
}

/** An operation with the project's extensions (`x-feed` for v1 feeds, `x-uws-method` for the UWS). */
export interface Operation {
  readonly action: "send" | "receive";
  readonly channel: Ref;
  readonly messages: readonly Ref[];
  readonly reply?: { readonly messages: readonly Ref[] };
  readonly security?: readonly unknown[];
  readonly "x-feed"?: { readonly name: string; readonly productIds: string };
  readonly "x-uws-method"?: string;
}

/** A channel with the UWS extension that says what it is (a subscription channel or a method). */
export interface Channel {
  readonly servers: readonly Ref[];
  readonly "x-uws"?: {
    readonly kind?: "method";
    readonly access: string;
    readonly token: unknown;
    readonly perConnection?: number;
  };
}

/** A bundled AsyncAPI document (every `$ref` local). */
export interface AsyncApiDocument {
  readonly info: { readonly title: string; readonly version: string; readonly [key: string]: unknown };
  readonly channels: Readonly<Record<string, Channel>>;
  readonly operations: Readonly<Record<string, Operation>>;
  readonly components: {
    readonly schemas: Readonly<Record<string, Schema>>;
    readonly messages: Readonly<Record<string, Message>>;
  };
}

/** A loaded document and the provenance line its generated files carry. */
export interface LoadedDocument {
  readonly document: AsyncApiDocument;
  /** The file it was read from (what the AsyncAPI generator is given too). */
  readonly path: string;
  readonly provenance: string;
}

/**
 * The document of an AsyncAPI surface: packages/specs/dist/<surface>.asyncapi.json, or its source YAML
 * when the bundle is missing (the drift check always bundles first); the provenance says which.
 */
export function loadAsyncApi(surface: Surface): LoadedDocument {
  const bundle = bundlePath(surface);
  if (!existsSync(bundle)) {
    const path = join(root, surface.source);
    const document = parse(readFileSync(path, "utf8")) as AsyncApiDocument;
    return { document, path, provenance: "(parsed from the source: the bundle was missing, so no hash)" };
  }
  const document = JSON.parse(readFileSync(bundle, "utf8")) as AsyncApiDocument;
  return { document, path: bundle, provenance: `(bundle hash ${String(document.info["x-content-hash"])})` };
}

/** A schema's title and description as a one-line JSDoc, and the alias naming its payload type. */
export function payloadAlias(name: string, schema: Schema): string {
  const description = typeof schema.description === "string" ? schema.description : "";
  const about = description ? `: ${description.replace(/\s+/g, " ").trim()}` : "";
  return `/** ${String(schema.title)}${about} */\nexport type ${name} = components["schemas"]["${name}"];`;
}

/** A union type body, one `| Member` per line (callers dedupe where a member may repeat). */
export const unionOf = (names: readonly string[]): string => names.map((n) => `\n  | ${n}`).join("");
