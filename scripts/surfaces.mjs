// The API surfaces this project describes. Adding one here makes the bundler, the generators and the
// drift check pick it up.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

const ALL = [
  { name: "trading", kind: "openapi", source: "specs/openapi/trading/openapi.yaml", package: "rest" },
  { name: "ws", kind: "asyncapi", source: "specs/asyncapi/ws/asyncapi.yaml", package: "ws" },
  { name: "history", kind: "openapi", source: "specs/openapi/history/openapi.yaml", package: "history" },
  { name: "charts", kind: "openapi", source: "specs/openapi/charts/openapi.yaml", package: "charts" },
  { name: "spot", kind: "openapi", source: "specs/openapi/spot/openapi.yaml", package: "spot" },
];

/** Surfaces whose source document exists (a surface is added to the list before its spec is written). */
export const SURFACES = ALL.filter((s) => existsSync(join(root, s.source)));
