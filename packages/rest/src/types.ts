// The call types are the core's (`@kraken-futures/core/http`); re-exported for this package's modules.
export type {
  ApiMethod,
  ApiResponse,
  CallOptions,
  HttpMethod,
  Logger,
  OperationInit,
  RequestArguments,
  SpecValidator,
  SuccessBody,
} from "@kraken-futures/core/http";
