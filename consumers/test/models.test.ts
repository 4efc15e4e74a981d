// Multi-language models from the bundled documents, generated with Modelina and then proven with each
// language's own toolchain: Python loads every WebSocket message example, Go builds, vets and decodes
// them, Java compiles with javac and parses them with the JDK only, TypeScript (rawPropertyNames) accepts
// them. The OpenAPI components are generated too and must import, vet and compile.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { needsTools } from "../../scripts/tools.mjs";
import {
  generateModels,
  generateOpenApiModels,
  JAVA_PACKAGE,
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
const document = readBundled("ws.asyncapi.json");
const messageNames = Object.keys(document.components.messages);
let summary: Summary;

function lines(stdout: string): Line[] {
  return stdout
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l));
}

function failures(result: Line[]): string[] {
  return result.filter((r) => !r.ok).map((r) => `${r.message}/${r.example}: ${r.error}`);
}

/** Declared property names of a component schema, through allOf. */
function declared(schemaName: string): Set<string> {
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
  summary = await generateModels();
  for (const surface of OPENAPI_DOCUMENTS) await generateOpenApiModels(surface);
});

describe("WebSocket models from the bundled AsyncAPI document", () => {
  it("has an example for every message and a generated model for every example", () => {
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
      const { stdout, status } = run("python3", [join(modelsDir, "check_examples.py")], {
        allowFailure: true,
      });
      const result = lines(stdout);
      expect(failures(result)).toEqual([]);
      expect(status).toBe(0);
      expect(result).toHaveLength(summary.examples.length);
    },
  );

  it("Go builds, passes go vet and decodes every message example", needsTools(["go"]), () => {
    const cwd = join(modelsDir, "go");
    run("go", ["build", "./..."], { cwd, env: GO_ENV });
    run("go", ["vet", "./..."], { cwd, env: GO_ENV });
    const { stdout } = run("go", ["run", "./cmd/check", join(modelsDir, "examples.json")], {
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
      for (const key of declared(example.schema as string)) {
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
      const java = join(modelsDir, "java");
      const sources = run("find", [join(java, "src"), "-name", "*.java"])
        .stdout.trim()
        .split("\n");
      run("javac", ["-Xlint:none", "-d", join(java, "classes"), ...sources]);
      const { stdout } = run(
        "java",
        [
          "-cp",
          join(java, "classes"),
          `${JAVA_PACKAGE}.check.ExampleCheck`,
          join(modelsDir, "examples.json"),
        ],
        { allowFailure: true },
      );
      const result = lines(stdout);
      expect(failures(result)).toEqual([]);
      expect(result).toHaveLength(summary.examples.length);
      expect(result.every((r) => (r.fields ?? 0) > 0)).toBe(true);
    },
  );

  it("TypeScript (rawPropertyNames) type-checks and accepts every message example", () => {
    const ts = join(modelsDir, "typescript");
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
    expect(readFileSync(join(ts, "SubscribeRequest.ts"), "utf8")).toContain("'product_ids'");
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
