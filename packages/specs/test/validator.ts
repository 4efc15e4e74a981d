// One ajv instance over a bundled OpenAPI document, so any schema in it can be validated by pointer.
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";

// ajv-formats is CommonJS; under NodeNext its default export arrives as the module object.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

export function documentValidator(document: Record<string, unknown>, id = "https://spec.local/doc.json") {
  // OpenAPI keywords (discriminator, example, x-*) are unknown to ajv: strict off.
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  ajv.addSchema({ $id: id, components: (document as { components: unknown }).components });
  return {
    /** Validate `value` against a schema object taken from the document (may hold local $refs). */
    validate(schema: unknown, value: unknown): string[] {
      const rewritten = JSON.parse(
        JSON.stringify(schema).replaceAll('"#/components/', `"${id}#/components/`),
      );
      const fn = ajv.compile(rewritten);
      return fn(value) ? [] : (fn.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message}`);
    },
  };
}
