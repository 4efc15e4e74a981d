/**
 * The pre-send check of a JSON parameter's instructions (batchorder's `json.batchOrder[]`): each
 * instruction's bounded fields (from the spec, via the table's `items`) against their bounds, so a
 * size of 0 or a negative price inside a batch is refused before it is sent, as it is in a sendorder.
 *
 * Only bounds are checked, and only on values of the field's own type: the field types and required
 * fields of instructions are the optional validator's job (`@kraken-futures/rest/validation`), and
 * Kraken also accepts numeric strings there (`"size": "0.01"`), which this check leaves alone.
 */
import type { JsonFieldDescription, JsonItemsDescription } from "./api-description.js";
import { brokenBounds, type ParameterIssue } from "./params.js";

function checkField(
  field: JsonFieldDescription,
  pattern: RegExp | undefined,
  value: unknown,
  at: string,
  issues: ParameterIssue[],
): void {
  const typed =
    (typeof value === "number" && (field.type === "number" || field.type === "integer")) ||
    (typeof value === "string" && field.type === "string");
  if (!typed) return;
  const issue = (rule: ParameterIssue["rule"], predicate: string) =>
    issues.push({
      parameter: `${at}.${field.name}`,
      in: "query",
      rule,
      message: `query parameter ${at}: field "${field.name}" ${predicate}`,
    });
  for (const [rule, predicate] of brokenBounds(field, value as number | string)) issue(rule, predicate);
  if (pattern !== undefined && typeof value === "string" && !pattern.test(value)) {
    issue("pattern", `must match ${field.pattern}`);
  }
}

const patterns = new WeakMap<JsonFieldDescription, RegExp>();
function patternOf(field: JsonFieldDescription): RegExp | undefined {
  if (field.pattern === undefined) return undefined;
  let compiled = patterns.get(field);
  if (compiled === undefined) {
    compiled = new RegExp(field.pattern, "u");
    patterns.set(field, compiled);
  }
  return compiled;
}

/**
 * Checks the instructions of the JSON parameter `name` (an object already, not a serialised string);
 * appends one issue per broken bound, naming the instruction and field (`json.batchOrder[1].size`).
 */
export function checkInstructions(
  name: string,
  items: JsonItemsDescription,
  document: object,
  issues: ParameterIssue[],
): void {
  const list = (document as Record<string, unknown>)[items.array];
  if (!Array.isArray(list)) return;
  list.forEach((instruction: unknown, index) => {
    if (instruction === null || typeof instruction !== "object") return;
    const record = instruction as Record<string, unknown>;
    const tag = record[items.tag];
    const fields =
      typeof tag === "string" && Object.hasOwn(items.variants, tag) ? items.variants[tag] : undefined;
    if (fields === undefined) return;
    const at = `${name}.${items.array}[${index}]`;
    for (const field of fields) {
      const value = record[field.name];
      if (value !== undefined && value !== null) checkField(field, patternOf(field), value, at, issues);
    }
  });
}
