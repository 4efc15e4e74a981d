// The API surfaces this project describes. Adding one here makes the bundler, the generators and the
// drift check pick it up. `package` is the package whose src/generated/ the surface's code goes to (null:
// bundled only).
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

const ALL = [
  { name: "trading", kind: "openapi", source: "specs/openapi/trading/openapi.yaml", package: "rest" },
  { name: "ws", kind: "asyncapi", source: "specs/asyncapi/ws/asyncapi.yaml", package: "ws" },
  { name: "history", kind: "openapi", source: "specs/openapi/history/openapi.yaml", package: "history" },
  { name: "charts", kind: "openapi", source: "specs/openapi/charts/openapi.yaml", package: "charts" },
  // No package yet: the UWS types and channel table come with the codegen redesign (issue 14 item 4).
  // `readme` names the file whose unverified-field list scripts/generate-unverified.mjs keeps in sync.
  {
    name: "uws",
    kind: "asyncapi",
    source: "specs/asyncapi/uws/asyncapi.yaml",
    package: null,
    readme: "specs/asyncapi/uws/README.md",
  },
];

/** Surfaces whose source document exists (a surface is added to the list before its spec is written). */
export const SURFACES = ALL.filter((s) => existsSync(join(root, s.source)));
