// Generates Python, Go, Java and TypeScript models from the bundled WebSocket AsyncAPI document with
// AsyncAPI Modelina, the one multi-language generator that runs offline here, into consumers/out/models.
// It also writes out/examples.json: every message example of the bundled document, keyed by the
// generated model of the message's payload, which the language checks load.
//
// Wire names: Modelina 5.10.1 only knows `rawPropertyNames` for TypeScript (it is passed there). Other
// languages must rename properties into identifiers, so each gets a preset that keeps the wire name next
// to the identifier: Python reads `input["<wire name>"]`, Go gets `json:"<wire name>"` tags (the common
// preset) and Java a `@WireName("<wire name>")` annotation declared in the output itself, because the
// Jackson preset would need Maven Central.
import { copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { consumersDir, OPENAPI_DOCUMENTS, readBundled } from "./paths.mjs";

const require = createRequire(import.meta.url);
const modelina = require("@asyncapi/modelina");
const {
  ConstrainedArrayModel,
  ConstrainedDictionaryModel,
  ConstrainedEnumModel,
  ConstrainedObjectModel,
  ConstrainedReferenceModel,
  GO_COMMON_PRESET,
  GoFileGenerator,
  JavaFileGenerator,
  PythonFileGenerator,
  TypeScriptFileGenerator,
} = modelina;

export const modelsDir = join(consumersDir, "out/models");
export const JAVA_PACKAGE = "com.krakenfutures.ws";
const GO_PACKAGE = "wsmodels";

/** Follows references down to the model that holds the shape. */
function deref(model) {
  let m = model;
  while (m instanceof ConstrainedReferenceModel) m = m.ref;
  return m;
}

/**
 * Python: Modelina's default constructor reads `input['<python name>']`, which loses every wire name that
 * is not already snake_case, and never builds nested models inside lists or maps. This constructor reads
 * the wire name and builds nested classes and enums where the schema names one.
 */
function pythonValue(renderer, model, expr) {
  const m = deref(model);
  if (m instanceof ConstrainedObjectModel) return `${m.name}(${expr})`;
  if (m instanceof ConstrainedEnumModel) return `${m.name}(${expr})`;
  if (m instanceof ConstrainedArrayModel) {
    const inner = pythonValue(renderer, m.valueModel, "v");
    return inner === "v" ? expr : `[${inner} for v in ${expr}]`;
  }
  if (m instanceof ConstrainedDictionaryModel) {
    const inner = pythonValue(renderer, m.value, "v");
    return inner === "v" ? expr : `{k: ${inner} for k, v in ${expr}.items()}`;
  }
  return expr;
}

const PYTHON_WIRE_NAMES = {
  class: {
    ctor({ renderer, model }) {
      renderer.dependencyManager.addDependency("from typing import Any, Dict");
      const lines = [];
      const known = [];
      const toAttr = [];
      for (const prop of Object.values(model.properties ?? {})) {
        const p = prop.property;
        if (p instanceof ConstrainedDictionaryModel && p.serializationType === "unwrap") {
          // additionalProperties: every key that is not a declared property.
          lines.push(
            `self._${prop.propertyName} = {k: v for k, v in input.items() if k not in ${model.name}._wire_names}`,
          );
          continue;
        }
        const wire = JSON.stringify(prop.unconstrainedPropertyName);
        known.push(wire);
        toAttr.push(`${wire}: ${JSON.stringify(prop.propertyName)}`);
        const value = pythonValue(renderer, p, `input[${wire}]`);
        const assign = `self._${prop.propertyName} = ${value}`;
        lines.push(
          prop.required
            ? `if ${wire} not in input:\n    raise KeyError(${JSON.stringify(`${model.name}: missing required ${prop.unconstrainedPropertyName}`)})\n${assign}`
            : `self._${prop.propertyName} = None\nif ${wire} in input and input[${wire}] is not None:\n    ${assign}`,
        );
      }
      const body = lines.length > 0 ? lines.join("\n") : "pass";
      return `_wire_names = frozenset([${known.join(", ")}])\n_wire_to_attr = {${toAttr.join(", ")}}\n\ndef __init__(self, input: Dict[str, Any]):\n${renderer.indent(body, 2)}`;
    },
  },
};

/** Java: a field annotation carrying the wire name, read by the JDK-only example check. */
const JAVA_WIRE_NAMES = {
  class: {
    property({ property, content, model, renderer }) {
      if (model.options.isExtended) return content;
      const p = property.property;
      const isUnwrapped = p instanceof ConstrainedDictionaryModel && p.serializationType === "unwrap";
      const name = isUnwrapped ? "*" : property.unconstrainedPropertyName;
      return renderer.renderBlock([`@WireName(${JSON.stringify(name)})`, content]);
    },
  },
};

/**
 * Go: Modelina renders a union of non-objects as a struct embedding each member (`float64`, `string`) with
 * a malformed `json:"-,omitempty` tag, which `go vet` rejects and encoding/json cannot fill. This preset
 * renders a union as a value holder whose UnmarshalJSON keeps the first member that decodes the JSON and,
 * for scalars and enums, encodes back to the same JSON (Modelina's enums map unknown values to 0 silently).
 */
function isObjectLike(model) {
  const m = deref(model);
  return m instanceof ConstrainedObjectModel || m instanceof ConstrainedDictionaryModel;
}
const GO_UNION_AS_VALUE = {
  union: {
    self({ model, renderer }) {
      renderer.dependencyManager.addDependency("encoding/json");
      renderer.dependencyManager.addDependency("fmt");
      const seen = new Set();
      const tries = [];
      for (const member of model.union) {
        if (seen.has(member.type)) continue;
        seen.add(member.type);
        const accept = isObjectLike(member) ? "err == nil" : "err == nil && sameJSON(v, want)";
        tries.push(
          `{\n    var v ${member.type}\n    if err := json.Unmarshal(raw, &v); ${accept} {\n      u.Value = v\n      return nil\n    }\n  }`,
        );
      }
      const names = [...seen].join(" | ");
      return `// ${model.name} holds one of: ${names}.
type ${model.name} struct {
  Value any
}

func (u *${model.name}) UnmarshalJSON(raw []byte) error {
  var want any
  if err := json.Unmarshal(raw, &want); err != nil {
    return err
  }
  if want == nil {
    u.Value = nil
    return nil
  }
  ${tries.join("\n  ")}
  return fmt.Errorf("${model.name}: %s matches none of ${names.replaceAll('"', "")}", raw)
}

func (u ${model.name}) MarshalJSON() ([]byte, error) {
  return json.Marshal(u.Value)
}`;
    },
  },
};

const GO_SAME_JSON = `package wsmodels

import (
  "encoding/json"
  "reflect"
)

// sameJSON reports whether v encodes to the JSON value want (used by the union decoders).
func sameJSON(v any, want any) bool {
  raw, err := json.Marshal(v)
  if err != nil {
    return false
  }
  var got any
  if err := json.Unmarshal(raw, &got); err != nil {
    return false
  }
  return reflect.DeepEqual(got, want)
}
`;

const WIRE_NAME_JAVA = `package ${JAVA_PACKAGE};

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The JSON name of a field on the wire; "*" marks the map that holds undeclared properties. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface WireName {
  String value();
}
`;

/** A Go main that decodes every example into its model and prints what encoding it back gives. */
function writeGoMain(examples) {
  const models = [...new Set(examples.map((e) => e.model).filter(Boolean))].sort();
  const decoders = models
    .map(
      (m) =>
        `\t${JSON.stringify(m)}: func(raw []byte) (any, error) { var v m.${m}; err := json.Unmarshal(raw, &v); return v, err },`,
    )
    .join("\n");
  const main = `// Decodes every message example of the bundled AsyncAPI document into the Modelina Go models.
// Generated by consumers/scripts/generate-models.mjs.
package main

import (
\t"encoding/json"
\t"fmt"
\t"os"

\tm "example.com/wscheck/wsmodels"
)

type row struct {
\tMessage string          \`json:"message"\`
\tExample string          \`json:"example"\`
\tModel   string          \`json:"model"\`
\tPayload json.RawMessage \`json:"payload"\`
}

var decoders = map[string]func([]byte) (any, error){
${decoders}
}

func main() {
\tdata, err := os.ReadFile(os.Args[1])
\tif err != nil {
\t\tpanic(err)
\t}
\tvar rows []row
\tif err := json.Unmarshal(data, &rows); err != nil {
\t\tpanic(err)
\t}
\tfailures := 0
\tfor _, r := range rows {
\t\tout := map[string]any{"message": r.Message, "example": r.Example, "ok": false}
\t\tif decode, found := decoders[r.Model]; !found {
\t\t\tout["error"] = "no Go model for " + r.Model
\t\t} else if v, err := decode(r.Payload); err != nil {
\t\t\tout["error"] = err.Error()
\t\t} else if back, err := json.Marshal(v); err != nil {
\t\t\tout["error"] = "encode: " + err.Error()
\t\t} else {
\t\t\tout["ok"] = true
\t\t\tout["roundTrip"] = json.RawMessage(back)
\t\t}
\t\tif out["ok"] != true {
\t\t\tfailures++
\t\t}
\t\tline, _ := json.Marshal(out)
\t\tfmt.Println(string(line))
\t}
\tif failures > 0 {
\t\tos.Exit(1)
\t}
}
`;
  mkdirSync(join(modelsDir, "go/cmd/check"), { recursive: true });
  writeFileSync(join(modelsDir, "go/cmd/check/main.go"), main);
}

function examplesOf(document, byPayload) {
  const rows = [];
  for (const [key, message] of Object.entries(document.components?.messages ?? {})) {
    const payloadRef = message.payload?.$ref;
    const schemaName = payloadRef?.split("/").pop();
    for (const [i, example] of (message.examples ?? []).entries()) {
      rows.push({
        message: key,
        example: example.name ?? `#${i}`,
        schema: schemaName ?? null,
        model: schemaName ? (byPayload.get(schemaName) ?? null) : null,
        payload: example.payload,
      });
    }
  }
  return rows;
}

/** Generates every language; returns a summary the tests assert on. */
export async function generateModels() {
  const document = readBundled("ws.asyncapi.json");
  // Parsed once here rather than by every generator (Modelina re-parses a raw document each time).
  const { Parser } = await import("@asyncapi/parser");
  const { document: parsed, diagnostics } = await new Parser().parse(JSON.stringify(document));
  if (!parsed) {
    const errors = diagnostics
      .filter((d) => d.severity === 0)
      .map((d) => `${d.path.join(".")}: ${d.message}`);
    throw new Error(`the bundled AsyncAPI document does not parse: ${errors.join("; ")}`);
  }
  rmSync(modelsDir, { recursive: true, force: true });
  mkdirSync(modelsDir, { recursive: true });

  const python = await new PythonFileGenerator({
    presets: [PYTHON_WIRE_NAMES],
  }).generateToFiles(parsed, join(modelsDir, "python/wsmodels"), { packageName: "wsmodels" }, true);
  // Modelina writes one snake_case module per model and no package file; re-export every class.
  const modules = readdirSync(join(modelsDir, "python/wsmodels"))
    .filter((f) => f.endsWith(".py"))
    .map((f) => f.slice(0, -3));
  writeFileSync(
    join(modelsDir, "python/wsmodels/__init__.py"),
    `${modules.map((m) => `from wsmodels.${m} import *  # noqa: F401,F403`).join("\n")}\n`,
  );

  const go = await new GoFileGenerator({
    presets: [{ preset: GO_COMMON_PRESET, options: { addJsonTag: true } }, GO_UNION_AS_VALUE],
  }).generateToFiles(parsed, join(modelsDir, "go/wsmodels"), { packageName: GO_PACKAGE }, true);
  writeFileSync(join(modelsDir, "go/wsmodels/same_json.go"), GO_SAME_JSON);
  writeFileSync(join(modelsDir, "go/go.mod"), "module example.com/wscheck\n\ngo 1.19\n");

  const javaDir = join(modelsDir, "java/src", ...JAVA_PACKAGE.split("."));
  const java = await new JavaFileGenerator({
    presets: [JAVA_WIRE_NAMES],
    collectionType: "List",
    // Epoch-millisecond timestamps are integers without `format: int64` in the spec; Java's default `int`
    // overflows on every one of them, so an integer without a format is a `long` here.
    typeMapping: {
      Integer: ({ constrainedModel }) => {
        const format = constrainedModel.originalInput?.format;
        if (format === "int32") return constrainedModel.options.isNullable ? "Integer" : "int";
        return constrainedModel.options.isNullable ? "Long" : "long";
      },
    },
  }).generateToFiles(parsed, javaDir, { packageName: JAVA_PACKAGE }, true);
  writeFileSync(join(javaDir, "WireName.java"), WIRE_NAME_JAVA);

  const typescript = await new TypeScriptFileGenerator({
    rawPropertyNames: true,
    modelType: "interface",
    enumType: "union",
    mapType: "record",
    moduleSystem: "ESM",
  }).generateToFiles(parsed, join(modelsDir, "typescript"), { exportType: "named" }, true);

  // Modelina names a payload model after the schema's title or component name; map both.
  const byPayload = new Map();
  for (const [name, schema] of Object.entries(document.components?.schemas ?? {})) {
    const candidates = [schema.title?.replace(/[^A-Za-z0-9]/g, ""), name];
    const hit = candidates.find((c) => c && java.some((m) => m.modelName === c));
    if (hit) byPayload.set(name, hit);
  }
  const examples = examplesOf(document, byPayload);
  writeFileSync(join(modelsDir, "examples.json"), `${JSON.stringify(examples, null, 2)}\n`);
  writeGoMain(examples);
  copyFileSync(join(consumersDir, "checks/check_examples.py"), join(modelsDir, "check_examples.py"));
  const checkDir = join(modelsDir, "java/src", ...JAVA_PACKAGE.split("."), "check");
  mkdirSync(checkDir, { recursive: true });
  copyFileSync(join(consumersDir, "checks/ExampleCheck.java"), join(checkDir, "ExampleCheck.java"));

  return {
    python: python.map((m) => m.modelName),
    go: go.map((m) => m.modelName),
    java: java.map((m) => m.modelName),
    typescript: typescript.map((m) => m.modelName),
    examples,
  };
}

/** Java output of OpenAPI documents uses UUID and OffsetDateTime for formats without importing them. */
const JAVA_FORMAT_IMPORTS = {
  class: {
    self({ renderer, content }) {
      renderer.dependencyManager.addDependency("import java.util.UUID;");
      renderer.dependencyManager.addDependency("import java.time.OffsetDateTime;");
      return content;
    },
  },
};

/**
 * Models of the OpenAPI components (every request and response schema). Modelina accepts OpenAPI 3.1 but
 * names inline schemas after their place (`AccountsGet_200ApplicationJson`), so these are built to show
 * the documents are consumable, not offered as models anyone should use; the HTTP clients use
 * openapi-typescript. Python, Go and Java only.
 */
export async function generateOpenApiModels(surface) {
  const document = readBundled(`${surface}.openapi.json`);
  const base = join(modelsDir, "openapi", surface);
  rmSync(base, { recursive: true, force: true });
  const pkg = `${surface}models`;
  const python = await new PythonFileGenerator({}).generateToFiles(
    document,
    join(base, "python", pkg),
    { packageName: pkg },
    true,
  );
  const modules = readdirSync(join(base, "python", pkg))
    .filter((f) => f.endsWith(".py"))
    .map((f) => f.slice(0, -3));
  writeFileSync(
    join(base, "python", pkg, "__init__.py"),
    `${modules.map((m) => `from ${pkg}.${m} import *  # noqa: F401,F403`).join("\n")}\n`,
  );
  const go = await new GoFileGenerator({
    presets: [{ preset: GO_COMMON_PRESET, options: { addJsonTag: true } }, GO_UNION_AS_VALUE],
  }).generateToFiles(document, join(base, "go", pkg), { packageName: pkg }, true);
  writeFileSync(
    join(base, "go", pkg, "same_json.go"),
    GO_SAME_JSON.replace("package wsmodels", `package ${pkg}`),
  );
  writeFileSync(join(base, "go/go.mod"), `module example.com/${pkg}\n\ngo 1.19\n`);
  const java = await new JavaFileGenerator({
    presets: [JAVA_FORMAT_IMPORTS],
    collectionType: "List",
  }).generateToFiles(
    document,
    join(base, "java/src/com/krakenfutures", pkg),
    {
      packageName: `com.krakenfutures.${pkg}`,
    },
    true,
  );
  return { python: python.length, go: go.length, java: java.length, pythonPackage: pkg };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const summary = await generateModels();
  for (const lang of ["python", "go", "java", "typescript"]) {
    console.log(`${lang}: ${summary[lang].length} models`);
  }
  console.log(`examples: ${summary.examples.length}`);
  for (const surface of OPENAPI_DOCUMENTS) {
    console.log(surface, await generateOpenApiModels(surface));
  }
}
