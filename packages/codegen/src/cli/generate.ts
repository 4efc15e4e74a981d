// `generate <surface> [--check]`: writes a surface's src/generated/ files (and its mirrors') from its
// document, with the emitter its kind (or its `generator`) names. --check writes nothing and exits 1
// when a committed file differs from what the spec produces.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { loadAsyncApi } from "../asyncapi/document.js";
import { wsTypesPart } from "../asyncapi/emit.js";
import { renderWithGenerator } from "../asyncapi/generator.js";
import { emitOpenApi } from "../openapi/emit.js";
import type { OpenApiDocument } from "../operation-table/index.js";
import { generatedDirs, type Output, writeOutputs } from "../outputs.js";
import { payloadTypes } from "../payload-types.js";
import { bundlePath, generatorOf, type Surface, surfaceNamed } from "../surfaces.js";
import { uwsTypesPart } from "../uws/emit.js";

/** The OpenAPI surfaces read their bundle only: the drift check and turbo build it first. */
function openApiOutputs(surface: Surface): Promise<Output[]> {
  const bundle = bundlePath(surface);
  if (!existsSync(bundle)) throw new Error(`${bundle} is missing: build @kraken-futures/specs first`);
  const document = JSON.parse(readFileSync(bundle, "utf8")) as OpenApiDocument;
  return emitOpenApi({ name: surface.name, source: surface.source, dirs: generatedDirs(surface) }, document);
}

/**
 * The one file of an AsyncAPI surface (v1 or UWS), the same for its package and every mirror: the
 * payload types from openapi-typescript, then the unions and tables that @asyncapi/generator renders
 * with the project's template.
 */
async function asyncApiOutputs(surface: Surface): Promise<Output[]> {
  const { document, path, provenance } = loadAsyncApi(surface);
  const uws = generatorOf(surface) === "uws";
  // The UWS sends what users omit as absent, never as the default: a `default` must not make a field required.
  const types = await payloadTypes(
    document.info,
    document.components.schemas,
    uws ? { defaultNonNullable: false } : {},
  );
  const tables = await renderWithGenerator(path, uws ? "uws" : "ws");
  const content = uws
    ? uwsTypesPart(surface.name, surface.source, provenance, types) + tables
    : wsTypesPart(surface.name, surface.source, provenance, types) + tables;
  return generatedDirs(surface).map((dir) => ({ file: join(dir, `${surface.name}.gen.ts`), content }));
}

const [name, ...flags] = process.argv.slice(2);
const surface = surfaceNamed(name);
const outputs = surface.kind === "openapi" ? await openApiOutputs(surface) : await asyncApiOutputs(surface);
if (writeOutputs(outputs, flags.includes("--check"), surface.source) > 0) process.exit(1);
