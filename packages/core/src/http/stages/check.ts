/**
 * The check stage, once per call before anything is queued or sent: the operation exists, a signed
 * one has a signer, and its arguments pass the operation table's rules (`checkParameters`, the one
 * argument checker), the opt-in instrument grid, the path-segment guard and the optional spec
 * validator. Anything wrong is one `ValidationError` (or `MissingCredentialsError`), typed and early.
 */
import { checkParameters, type ParameterIssue, pathSegmentProblem } from "../../arguments.js";
import type { OperationDescription } from "../../model.js";
import { MissingCredentialsError, type RequestTarget, ValidationError } from "../errors.js";
import type { SpecValidator } from "../types.js";
import { PATH_PARAM } from "../url.js";

/** An opt-in check of a call's query arguments besides the table's (the Trading instrument grid). */
export interface ArgumentChecks {
  issues(
    operationId: string | undefined,
    query: Readonly<Record<string, unknown>> | undefined,
  ): ParameterIssue[] | undefined;
}

/** What the check stage reads of a call. */
export interface CheckedCall {
  readonly params?: { query?: Record<string, unknown>; path?: Record<string, unknown> } | undefined;
  readonly body?: unknown;
}

/** Options of {@link checkStage}, from the client's options. */
export interface CheckOptions {
  readonly checkParams: boolean;
  readonly validator?: SpecValidator | undefined;
  readonly instruments?: ArgumentChecks | undefined;
  /** Whether the client can sign (a signer was given). */
  readonly canSign: boolean;
}

/** The check stage of a client: throws the typed refusal, or returns nothing. */
export function checkStage(options: CheckOptions) {
  const { checkParams, validator, instruments, canSign } = options;
  return (op: OperationDescription, target: RequestTarget, init: CheckedCall): void => {
    if (op.signed && !canSign) throw new MissingCredentialsError({ target });
    const query = init.params?.query;
    const path = init.params?.path;
    let issues = checkParams ? checkParameters(op, query, path) : undefined;
    const offGrid = instruments?.issues(op.operationId, query);
    if (offGrid) issues = [...(issues ?? []), ...offGrid];
    if (issues === undefined && !validator?.validateRequest && !op.path.includes("{")) return;
    const problems: string[] = issues ? issues.map((i) => `${i.message} (${i.rule})`) : [];
    // Whatever the checks say, an empty or dot segment would send the call to another URL.
    if (op.path.includes("{")) {
      for (const [, name] of op.path.matchAll(PATH_PARAM)) {
        const problem = pathSegmentProblem(name!, path?.[name!]);
        if (problem && !issues?.some((i) => i.parameter === name)) problems.push(problem);
      }
    }
    if (validator?.validateRequest) {
      problems.push(...(validator.validateRequest(op, { query, path, body: init.body }) ?? []));
    }
    if (problems.length > 0) throw new ValidationError(problems, { target, ...(issues ? { issues } : {}) });
  };
}
