/**
 * The normalise stage: a parsed 2xx JSON body becomes the call's data. Its top-level shape is checked
 * against the spec's promise (success-shape.ts), then the optional spec validator, then the numeric
 * fields the table names are made numbers (`normaliseNumbers`, the one coercer).
 */
import { normaliseNumbers } from "../../numbers.js";
import type { Attempt, Stage } from "../attempt.js";
import { ResponseValidationError, UnexpectedResponseError } from "../errors.js";
import { successProblem } from "../success-shape.js";
import type { LiteResponse } from "../transport/lite.js";
import type { ApiResponse, SpecValidator } from "../types.js";

/**
 * The call's result. From the Node transport the answer makes it (`LiteResponse.answer`: the real
 * `Response` is built on first access to `response`; most callers only read `data`).
 */
export function answerOf(data: unknown, response: Response | LiteResponse): ApiResponse<unknown> {
  return "answer" in response ? response.answer(data) : { data: data as never, response };
}

/** The normalise stage of a client with `validator` (or none). */
export function normaliseStage(validator: SpecValidator | undefined): Stage {
  return (attempt: Attempt) => {
    if (attempt.result !== undefined) return undefined;
    const { op, target, body } = attempt;
    const response = attempt.response!;
    const status = response.status;
    const problem = successProblem(op.success, body);
    if (problem) throw new UnexpectedResponseError(status, attempt.text ?? "", problem, { target });
    if (validator?.validateResponse) {
      const problems = validator.validateResponse(op, status, body);
      if (problems && problems.length > 0) {
        throw new ResponseValidationError(status, JSON.stringify(body), problems, { target });
      }
    }
    attempt.result = answerOf(normaliseNumbers(body, op.numeric), response);
    return undefined;
  };
}
