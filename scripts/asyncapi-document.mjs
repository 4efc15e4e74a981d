// Reading an AsyncAPI surface for the generators: the bundle when it was built, else the source YAML,
// and following `$ref`s to the component they name.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

export const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/**
 * The document of an AsyncAPI surface: packages/specs/dist/<surface>.asyncapi.json, or its source YAML
 * when the bundle is missing (the drift check always bundles first), and a provenance line for headers.
 */
export function loadAsyncApi(surface) {
  const bundlePath = join(root, "packages/specs/dist", `${surface.name}.asyncapi.json`);
  const bundled = existsSync(bundlePath);
  const document = bundled
    ? JSON.parse(readFileSync(bundlePath, "utf8"))
    : parse(readFileSync(join(root, surface.source), "utf8"));
  const provenance = bundled
    ? `(bundle hash ${document.info["x-content-hash"]})`
    : "(parsed from the source: the bundle was missing, so no hash)";
  return { document, provenance };
}

/** The name under components/ that a $ref reaches, following a channel's message $ref to the component. */
export function componentName(document, ref) {
  if (typeof ref !== "string" || !ref.startsWith("#/")) throw new Error(`unexpected $ref ${ref}`);
  const path = ref.slice(2).split("/");
  if (path[0] === "components") return path[path.length - 1];
  const target = path.reduce((node, key) => node?.[key], document);
  if (!target?.$ref) throw new Error(`$ref ${ref} does not lead to a component`);
  return componentName(document, target.$ref);
}
