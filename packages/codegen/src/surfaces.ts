// The API surfaces this project describes. Adding one here makes the bundler, the generators and the
// drift check pick it up. `package` is the package whose src/generated/ the surface's code goes to;
// `generator` names the emitter that writes it (default: by `kind`). `mirrors` names packages that get
// the same generated files in their own src/generated/: the mock exchange serves every surface from the
// generated tables and types, and cannot depend on the client packages (their integration tests depend
// on the mock, and turbo refuses a cycle).
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root: this module sits in packages/codegen/src (tests) or packages/codegen/dist. */
export const root = join(dirname(fileURLToPath(import.meta.url)), "../../..");

/** The emitters of `generate <surface>`: one per document kind, and the Unified WebSocket's own. */
export type GeneratorName = "openapi" | "asyncapi" | "uws";

/** One API surface: its source document and where its generated code goes. */
export interface Surface {
  readonly name: string;
  readonly kind: "openapi" | "asyncapi";
  /** The source document, relative to the repository root. */
  readonly source: string;
  /** null: bundled only, nothing generated (the drift check skips its code). */
  readonly package: string | null;
  readonly mirrors: readonly string[];
  readonly generator?: GeneratorName;
  /** A README (from the root) whose unverified-field list `unverified <surface>` keeps in sync. */
  readonly readme?: string;
}

const ALL: readonly Surface[] = [
  {
    name: "trading",
    kind: "openapi",
    source: "specs/openapi/trading/openapi.yaml",
    package: "rest",
    mirrors: ["mock"],
  },
  {
    name: "ws",
    kind: "asyncapi",
    source: "specs/asyncapi/ws/asyncapi.yaml",
    package: "ws",
    mirrors: ["mock"],
  },
  {
    name: "history",
    kind: "openapi",
    source: "specs/openapi/history/openapi.yaml",
    package: "history",
    mirrors: ["mock"],
  },
  {
    name: "charts",
    kind: "openapi",
    source: "specs/openapi/charts/openapi.yaml",
    package: "charts",
    mirrors: ["mock"],
  },
  {
    name: "spot",
    kind: "openapi",
    source: "specs/openapi/spot/openapi.yaml",
    package: "spot",
    mirrors: ["mock"],
  },
  // The Unified WebSocket has its own emitter (channels and methods rather than v1's feeds).
  {
    name: "uws",
    kind: "asyncapi",
    source: "specs/asyncapi/uws/asyncapi.yaml",
    package: "uws",
    generator: "uws",
    mirrors: ["mock"],
    readme: "specs/asyncapi/uws/README.md",
  },
];

/** Surfaces whose source document exists (a surface is added to the list before its spec is written). */
export const SURFACES: readonly Surface[] = ALL.filter((s) => existsSync(join(root, s.source)));

/** The emitter of a surface: its own `generator`, else the one of its document kind. */
export const generatorOf = (surface: Surface): GeneratorName => surface.generator ?? surface.kind;

/** The surface called `name`, or an error naming the known ones. */
export function surfaceNamed(name: string | undefined): Surface {
  const surface = SURFACES.find((s) => s.name === name);
  if (!surface)
    throw new Error(`unknown surface "${name}" (known: ${SURFACES.map((s) => s.name).join(", ")})`);
  return surface;
}

/** The bundle of a surface in packages/specs/dist (built by `bundle-specs`). */
export const bundlePath = (surface: Surface): string =>
  join(root, "packages/specs/dist", `${surface.name}.${surface.kind}.json`);
