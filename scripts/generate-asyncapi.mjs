// Generates a surface's TypeScript from its AsyncAPI document:
//   <package>/src/generated/<surface>.gen.ts   the payload types (openapi-typescript over components.schemas,
//   with the same transform as the OpenAPI surfaces), the union of everything the server sends (keyed by
//   `event` or `feed`) and the feed table clients read (access, product ids, snapshot/update names).
// Usage: node scripts/generate-asyncapi.mjs <surface> [--check]
// --check writes nothing and exits 1 when the committed file differs from what the spec produces.
// Reads the bundle (packages/specs/dist/<surface>.asyncapi.json); when it is missing, the source YAML is
// parsed directly and the header says so (the drift check always bundles first).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import openapiTS, { astToString } from "openapi-typescript";
import { numericNames } from "../packages/codegen/dist/numeric-names.js";
import { schemaTransform } from "../packages/codegen/dist/schema-transform.js";
import { componentName, loadAsyncApi, root } from "./asyncapi-document.mjs";
import { SURFACES } from "./surfaces.mjs";

const [surfaceName, ...flags] = process.argv.slice(2);
const check = flags.includes("--check");
const surface = SURFACES.find((s) => s.name === surfaceName && s.kind === "asyncapi");
if (!surface) throw new Error(`unknown AsyncAPI surface "${surfaceName}"`);

// surfaces.mjs paths are relative to the repository root, whatever directory pnpm runs this from.
const source = surface.source;
const { document, provenance } = loadAsyncApi(surface);
const refName = (ref) => componentName(document, ref);
const schemas = document.components.schemas;
const messages = document.components.messages;

/** The wire discriminator of a payload schema: `["feed" | "event", value]`. */
function discriminatorOf(schemaName) {
  const properties = schemas[schemaName]?.properties ?? {};
  for (const key of ["feed", "event"]) {
    if (typeof properties[key]?.const === "string") return [key, properties[key].const];
  }
  throw new Error(`schema ${schemaName} has no const feed or event: it cannot join the message union`);
}

// Operations say who sends what: `send` operations carry client requests, `receive` ones server messages.
const serverMessageNames = new Set();
const clientMessageNames = new Set();
const feeds = [];
for (const [operationId, operation] of Object.entries(document.operations)) {
  const names = operation.messages.map((m) => refName(m.$ref));
  const target = operation.action === "send" ? clientMessageNames : serverMessageNames;
  for (const name of names) target.add(name);
  const feed = operation["x-feed"];
  if (!feed) continue;
  const roles = { snapshot: undefined, update: undefined };
  for (const name of names) {
    const message = messages[name];
    if (message["x-feed"] !== feed.name)
      throw new Error(`${operationId}: message ${name} is not of feed ${feed.name}`);
    roles[message["x-role"]] = discriminatorOf(refName(message.payload.$ref))[1];
  }
  if (!roles.update) throw new Error(`${operationId}: feed ${feed.name} has no update message`);
  feeds.push({
    name: feed.name,
    access: Array.isArray(operation.security) && operation.security.length > 0 ? "private" : "public",
    productIds: feed.productIds,
    snapshot: roles.snapshot ?? null,
    update: roles.update,
    messages: names.map((name) => refName(messages[name].payload.$ref)),
  });
}

/**
 * Where a payload holds `Numeric` values (which may arrive as numeric strings): `true` for a numeric value,
 * an object for a nested one, with `"[]"` for array items and `"*"` for the values of a map.
 */
function numericPlan(schema, seen = new Set()) {
  if (!schema || typeof schema !== "object") return undefined;
  if (schema.$ref) {
    const name = refName(schema.$ref);
    if (seen.has(name)) return undefined;
    return numericPlan(schemas[name], new Set([...seen, name]));
  }
  if (schema["x-numeric"] === true) return true;
  for (const variant of schema.anyOf ?? schema.oneOf ?? []) {
    const plan = numericPlan(variant, seen);
    if (plan !== undefined) return plan;
  }
  const plan = {};
  for (const [key, property] of Object.entries(schema.properties ?? {})) {
    const inner = numericPlan(property, seen);
    if (inner !== undefined) plan[key] = inner;
  }
  const items = numericPlan(schema.items, seen);
  if (items !== undefined) plan["[]"] = items;
  const values = numericPlan(schema.additionalProperties, seen);
  if (values !== undefined) plan["*"] = values;
  return Object.keys(plan).length > 0 ? plan : undefined;
}

const payloadOf = (name) => refName(messages[name].payload.$ref);
const serverPayloads = [...serverMessageNames].map(payloadOf);
const clientPayloads = [...clientMessageNames].map(payloadOf);
const byKey = (key) => serverPayloads.filter((s) => discriminatorOf(s)[0] === key);

// openapi-typescript reads OpenAPI; the AsyncAPI payload schemas are JSON Schema 2020-12 like OpenAPI 3.1's.
const typesAst = await openapiTS(
  {
    openapi: "3.1.0",
    info: { title: document.info.title, version: document.info.version },
    paths: {},
    components: { schemas },
  },
  { alphabetize: false, immutable: false, transform: schemaTransform },
);

const union = (names) => names.map((n) => `\n  | ${n}`).join("");
const aliases = [...new Set([...clientPayloads, ...serverPayloads, ...feeds.flatMap((f) => f.messages)])]
  .map(
    (name) =>
      `/** ${schemas[name].title}${schemas[name].description ? `: ${schemas[name].description.replace(/\s+/g, " ").trim()}` : ""} */\nexport type ${name} = components["schemas"]["${name}"];`,
  )
  .join("\n");
const feedTable = Object.fromEntries(
  feeds.map((f) => [
    f.name,
    { access: f.access, productIds: f.productIds, snapshot: f.snapshot, update: f.update },
  ]),
);
const numericTable = Object.fromEntries(
  serverPayloads
    .map((name) => [discriminatorOf(name)[1], numericPlan(schemas[name])])
    .filter(([, plan]) => plan !== undefined),
);
const numericTables = numericNames(
  serverPayloads.map((name) => schemas[name]),
  (ref) => schemas[refName(ref)],
  numericTable,
);
const feedMessages = feeds.map((f) => `  ${f.name}: ${f.messages.join(" | ")};`).join("\n");

const header =
  `// This file is generated by scripts/generate-asyncapi.mjs from ${source}\n` +
  `// ${provenance}. Do not edit it by hand: change the spec and run \`pnpm generate\`.\n` +
  "// Payload types (openapi-typescript over components.schemas), the message unions and the feed table.\n\n";

const content =
  header +
  astToString(typesAst) +
  "\n// ---- messages, by the name of their payload schema\n\n" +
  aliases +
  "\n\n/** Every message the server sends, discriminated by `event` or `feed`. */\n" +
  `export type ServerMessage = ServerEvent | FeedMessage;\n\n` +
  "/** Messages keyed by `event`: connection and subscription events. */\n" +
  `export type ServerEvent =${union(byKey("event"))};\n\n` +
  "/** Messages keyed by `feed`: snapshots and updates of every feed. */\n" +
  `export type FeedMessage =${union(byKey("feed"))};\n\n` +
  "/** Every request the client sends. */\n" +
  `export type ClientRequest =${union(clientPayloads)};\n\n` +
  "/** The messages each subscribable feed delivers. */\n" +
  `export interface FeedMessages {\n${feedMessages}\n}\n\n` +
  "/**\n * What the spec says about each feed: `access` (private feeds need a signed challenge), whether\n" +
  " * `product_ids` is required, optional or not taken, and the `feed` value of its snapshot and update messages.\n */\n" +
  `export const wsFeeds = ${JSON.stringify(feedTable, null, 2)} as const;\n\n` +
  "/** A feed name that `subscribe` accepts. */\nexport type FeedName = keyof typeof wsFeeds;\n" +
  '/** Feeds anyone may subscribe to. */\nexport type PublicFeedName = { [F in FeedName]: (typeof wsFeeds)[F]["access"] extends "public" ? F : never }[FeedName];\n' +
  "/** Feeds that need credentials. */\nexport type PrivateFeedName = Exclude<FeedName, PublicFeedName>;\n\n" +
  "/**\n * Where each server message (by its `feed` or `event` value) holds Numeric values, which may arrive as\n" +
  ' * numeric strings: `true` marks a value, `"[]"` the items of an array, `"*"` the values of a map.\n */\n' +
  `export const numericFields: Record<string, NumericPlan> = ${JSON.stringify(numericTable, null, 2)};\n\n` +
  "/** See {@link numericFields}. */\nexport type NumericPlan = true | { readonly [key: string]: NumericPlan };\n\n" +
  "/**\n * The decoder's form of {@link numericFields}: in a message whose `feed` or `event` is one of `messages`, a\n" +
  " * property named in `keys` is Numeric, one named in `maps` is a map of Numeric values, at most `depth` objects\n" +
  " * deep. packages/codegen/src/numeric-names.ts proves it equivalent to numericFields over every server message schema.\n */\n" +
  `export const numericNames = {\n  keys: new Set(${JSON.stringify(numericTables.keys)}),\n  maps: new Set(${JSON.stringify(numericTables.maps)}),\n  messages: new Set(${JSON.stringify(numericTables.messages)}),\n  depth: ${numericTables.depth},\n};\n\n` +
  "/** The `event` values of {@link ServerEvent}. */\n" +
  `export const serverEvents = ${JSON.stringify(byKey("event").map((s) => discriminatorOf(s)[1]))} as const;\n`;

// The client package, and every mirror of the surface (the mock exchange), get the same file.
let drift = 0;
for (const pkg of [surface.package, ...(surface.mirrors ?? [])]) {
  const outDir = join(root, "packages", pkg, "src/generated");
  const file = join(outDir, `${surface.name}.gen.ts`);
  const current = existsSync(file) ? readFileSync(file, "utf8") : undefined;
  if (check) {
    if (current !== content) {
      drift++;
      console.error(`drift: ${relative(root, file)} differs from what ${source} generates`);
    }
  } else if (current !== content) {
    mkdirSync(outDir, { recursive: true });
    writeFileSync(file, content);
    console.log(`wrote ${relative(root, file)}`);
  }
}
if (drift > 0) process.exit(1);
