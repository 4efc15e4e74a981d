/**
 * The top-level check of a success answer (issue 12): the spec says, per operation, whether every
 * success body is an object with `result: "success"` (Trading's envelope), an object or an array (the
 * generated table's `success`, from `packages/codegen/src/operation-table/success-shape.ts`). A 200
 * body that breaks it (`null` from a broken proxy, an array, an envelope without `result: "success"`)
 * is not handed out as data.
 * This is not schema validation, which stays opt-in (`./validation`): one `typeof` per call.
 */
import type { OperationDescription } from "../model.js";

function kind(body: unknown): string {
  return body === null ? "null" : Array.isArray(body) ? "array" : typeof body;
}

/** Why `body` breaks the promised shape, or undefined when it does not (or nothing is promised). */
export function successProblem(shape: OperationDescription["success"], body: unknown): string | undefined {
  const found = kind(body);
  if (shape === undefined) return undefined;
  if (found !== (shape === "array" ? "array" : "object")) {
    return `body is ${found}, not the ${shape === "envelope" ? "object" : shape} the spec promises`;
  }
  return shape === "envelope" && (body as { result?: unknown }).result !== "success"
    ? 'body lacks the result: "success" the spec promises'
    : undefined;
}
