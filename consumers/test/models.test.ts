// Multi-language models from the bundled documents, generated with Modelina and then proven with each
// language's own toolchain, for each AsyncAPI document (WebSocket v1 and the Unified WebSocket): Python
// loads every message example, Go builds, vets and decodes
// them, Java compiles with javac and parses them with the JDK only, TypeScript (rawPropertyNames) accepts
// them. The OpenAPI components are generated too and must import, vet and compile.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { needsTools } from "../../scripts/tools.mjs";
import {
  ASYNCAPI_MODELS,
  generateModels,
  generateOpenApiModels,
  modelsDir,
} from "../scripts/generate-models.mjs";
import { consumersDir, OPENAPI_DOCUMENTS, readBundled } from "../scripts/paths.mjs";
import { run } from "../scripts/run.mjs";

type Example = {
  message: string;
  example: string;
  schema: string | null;
  model: string | null;
  payload: unknown;
};
type Line = {
  message: string;
  example: string;
  ok: boolean;
  error?: string;
  fields?: number;
  roundTrip?: unknown;
};
type Summary = Awaited<ReturnType<typeof generateModels>>;

const GO_ENV = {
  GOPROXY: "off",
  GOFLAGS: "",
  GOTOOLCHAIN: "local",
  GOCACHE: join(consumersDir, "out/.gocache"),
};
type Surface = keyof typeof ASYNCAPI_MODELS;
const SURFACES = Object.keys(ASYNCAPI_MODELS) as Surface[];
const summaries = {} as Record<Surface, Summary>;
/** A wire name (snake_case, quoted by rawPropertyNames) that must survive in a generated TypeScript file. */
const WIRE_NAME_PROBE: Record<Surface, [file: string, text: string]> = {
  ws: ["SubscribeRequest.ts", "'product_ids'"],
  uws: ["AddOrderAck.ts", "'time_in'"],
};

function lines(stdout: string): Line[] {
  return stdout
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l));
}

function failures(result: Line[]): string[] {
  return result.filter((r) => !r.ok).map((r) => `${r.message}/${r.example}: ${r.error}`);
}

/** Declared property names of a component schema of a document, through allOf. */
// biome-ignore lint/suspicious/noExplicitAny: parsed JSON of any shape
function declared(document: any, schemaName: string): Set<string> {
  const out = new Set<string>();
  const visit = (schema: Record<string, unknown> | undefined) => {
    if (!schema) return;
    const ref = schema.$ref as string | undefined;
    if (ref) return visit(document.components.schemas[ref.split("/").pop() as string]);
    for (const key of Object.keys((schema.properties as object) ?? {})) out.add(key);
    for (const part of (schema.allOf as Record<string, unknown>[]) ?? []) visit(part);
  };
  visit(document.components.schemas[schemaName]);
  return out;
}

const isZero = (v: unknown) =>
  v === 0 || v === "" || v === false || v === null || (typeof v === "object" && Object.keys(v).length === 0);

beforeAll(async () => {
  for (const surface of SURFACES) summaries[surface] = await generateModels(surface);
  for (const surface of OPENAPI_DOCUMENTS) await generateOpenApiModels(surface);
});

describe.each(SURFACES)("%s models from the bundled AsyncAPI document", (surface) => {
  const { bundle, dir, pkg, javaPackage: JAVA_PACKAGE } = ASYNCAPI_MODELS[surface];
  const document = readBundled(bundle);
  const messageNames = Object.keys(document.components.messages);
  const current = () => summaries[surface];
  it("has an example for every message and a generated model for every example", () => {
    const summary = current();
    const examples: Example[] = summary.examples;
    const withExample = new Set(examples.map((e) => e.message));
    expect(messageNames.filter((m) => !withExample.has(m))).toEqual([]);
    expect(examples.filter((e) => !e.model).map((e) => e.message)).toEqual([]);
    for (const lang of ["python", "go", "java", "typescript"] as const) {
      expect(summary[lang].length, lang).toBeGreaterThan(messageNames.length);
    }
  });

  it(
    "Python imports the models and loads every message example by its wire names",
    needsTools(["python3"]),
    () => {
      const summary = current();
      const { stdout, status } = run("python3", [join(dir, "check_examples.py"), pkg], {
        allowFailure: true,
      });
      const result = lines(stdout);
      expect(failures(result)).toEqual([]);
      expect(status).toBe(0);
      expect(result).toHaveLength(summary.examples.length);
    },
  );

  it("Go builds, passes go vet and decodes every message example", needsTools(["go"]), () => {
    const summary = current();
    const cwd = join(dir, "go");
    run("go", ["build", "./..."], { cwd, env: GO_ENV });
    run("go", ["vet", "./..."], { cwd, env: GO_ENV });
    const { stdout } = run("go", ["run", "./cmd/check", join(dir, "examples.json")], {
      cwd,
      env: GO_ENV,
      allowFailure: true,
    });
    const result = lines(stdout);
    expect(failures(result)).toEqual([]);
    expect(result).toHaveLength(summary.examples.length);

    // Encoding the decoded value back must keep every declared wire name with its scalar value (Go's
    // omitempty may drop zero values of optional fields).
    const lost: string[] = [];
    summary.examples.forEach((example: Example, i: number) => {
      const payload = example.payload as Record<string, unknown>;
      const back = result[i].roundTrip as Record<string, unknown>;
      for (const key of declared(document, example.schema as string)) {
        if (!(key in payload)) continue;
        const value = payload[key];
        if (!(key in back)) {
          if (!isZero(value)) lost.push(`${example.message}/${example.example}.${key} missing`);
        } else if (typeof value !== "object" && back[key] !== value) {
          lost.push(`${example.message}/${example.example}.${key}: ${String(back[key])} != ${String(value)}`);
        }
      }
    });
    expect(lost).toEqual([]);
  });

  it(
    "Java compiles with javac and parses every message example with the JDK only",
    needsTools(["javac"]),
    () => {
      const summary = current();
      const java = join(dir, "java");
      const sources = run("find", [join(java, "src"), "-name", "*.java"])
        .stdout.trim()
        .split("\n");
      run("javac", ["-Xlint:none", "-d", join(java, "classes"), ...sources]);
      const { stdout } = run(
        "java",
        ["-cp", join(java, "classes"), `${JAVA_PACKAGE}.check.ExampleCheck`, join(dir, "examples.json")],
        { allowFailure: true },
      );
      const result = lines(stdout);
      expect(failures(result)).toEqual([]);
      expect(result).toHaveLength(summary.examples.length);
      expect(result.every((r) => (r.fields ?? 0) > 0)).toBe(true);
    },
  );

  it("TypeScript (rawPropertyNames) type-checks and accepts every message example", () => {
    const summary = current();
    const ts = join(dir, "typescript");
    const imports = [...new Set(summary.examples.map((e: Example) => e.model))]
      .map((m) => `import type { ${m} } from "./${m}";`)
      .join("\n");
    const checks = summary.examples
      .map((e: Example, i: number) => `export const example${i}: ${e.model} = ${JSON.stringify(e.payload)};`)
      .join("\n");
    writeFileSync(join(ts, "examples.check.ts"), `${imports}\n${checks}\n`);
    writeFileSync(
      join(ts, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          target: "es2022",
          module: "preserve",
          skipLibCheck: true,
        },
        include: ["*.ts"],
      }),
    );
    run(join(consumersDir, "node_modules/.bin/tsc"), ["-p", ts]);
    // Wire names survive: snake_case keys are not camelCased.
    const [file, wireName] = WIRE_NAME_PROBE[surface];
    expect(readFileSync(join(ts, file), "utf8")).toContain(wireName);
  });
});

describe("OpenAPI component models (Modelina's OpenAPI input)", () => {
  it.each(OPENAPI_DOCUMENTS)(
    "%s: Python imports, Go builds and vets, Java compiles",
    needsTools(["python3", "go", "javac"]),
    (surface) => {
      const base = join(modelsDir, "openapi", surface);
      const pkg = `${surface}models`;
      run("python3", [
        "-c",
        `import sys; sys.path.insert(0, ${JSON.stringify(join(base, "python"))}); import ${pkg}`,
      ]);
      run("go", ["vet", "./..."], { cwd: join(base, "go"), env: GO_ENV });
      const javaDir = join(base, "java/src/com/krakenfutures", pkg);
      const sources = readdirSync(javaDir).map((f) => join(javaDir, f));
      mkdirSync(join(base, "java/classes"), { recursive: true });
      run("javac", ["-Xlint:none", "-d", join(base, "java/classes"), ...sources]);
    },
  );
});
