// The argument checker lives in @kraken-futures/core (one per project); re-exported for this package's
// modules and for code that imported it from here.
export {
  checkParameters,
  type ParameterIssue,
  type ParameterRule,
  pathSegmentProblem,
} from "@kraken-futures/core";
