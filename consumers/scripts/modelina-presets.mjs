// Modelina presets and output templates shared by the model generators (scripts/generate-models.mjs):
// what each language needs so that generated models keep the wire names and decode real messages.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const {
  ConstrainedArrayModel,
  ConstrainedDictionaryModel,
  ConstrainedEnumModel,
  ConstrainedObjectModel,
  ConstrainedReferenceModel,
  goDefaultEnumKeyConstraints,
  javaDefaultEnumKeyConstraints,
  pythonDefaultEnumKeyConstraints,
} = require("@asyncapi/modelina");

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

export const PYTHON_WIRE_NAMES = {
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
export const JAVA_WIRE_NAMES = {
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
export const GO_UNION_AS_VALUE = {
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

/** The helper the Go union decoders call, in package `pkg`. */
export const goSameJson = (pkg) => `package ${pkg}

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

/** The `@WireName` annotation, declared in Java package `pkg` (the models' own). */
export const wireNameJava = (pkg) => `package ${pkg};

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

/** Java output of OpenAPI documents uses UUID and OffsetDateTime for formats without importing them. */
export const JAVA_FORMAT_IMPORTS = {
  class: {
    self({ renderer, content }) {
      renderer.dependencyManager.addDependency("import java.util.UUID;");
      renderer.dependencyManager.addDependency("import java.time.OffsetDateTime;");
      return content;
    },
  },
};

/**
 * Enum keys that stay unique when wire values differ only in case (History's `positionChange` sends
 * both `open` and `Open`): Modelina's Python, Go and Java keys upper- or title-case both to one name,
 * which each compiler refuses. The second key of a clash gets the value's position as a suffix
 * (`OPEN_5`); the wire value is unchanged. `language` picks Modelina's own constraint for the rest.
 */
export function uniqueEnumKeys(language) {
  const defaults = {
    python: pythonDefaultEnumKeyConstraints,
    go: goDefaultEnumKeyConstraints,
    java: javaDefaultEnumKeyConstraints,
  };
  const base = defaults[language]();
  const byModel = new Map();
  return (context) => {
    const key = base(context);
    const name = context.enumModel?.name ?? "";
    const keys = byModel.get(name) ?? new Map();
    byModel.set(name, keys);
    const raw = String(context.enumKey);
    if (keys.has(raw)) return keys.get(raw);
    const taken = new Set(keys.values());
    const unique = taken.has(key) ? `${key}_${keys.size}` : key;
    keys.set(raw, unique);
    return unique;
  };
}
