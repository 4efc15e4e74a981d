// The operation-table builder: what the OpenAPI emitter (../openapi/emit.ts) writes into the generated tables.
export {
  type BodyFieldPlan,
  type BodyValuePlan,
  describeBodyFields,
  describeParameters,
  type FieldPlan,
  type JsonItemsPlan,
  type ParameterPlan,
} from "./argument-plans.js";
export { type ApiTable, describeApi, describeOperation, type OperationEntry } from "./describe-api.js";
export { numericTree } from "./numeric-tree.js";
export { type OpenApiDocument, resolveRef } from "./openapi-document.js";
export { describeServer, type ServerFacts } from "./server-facts.js";
export { type SuccessShape, successShape } from "./success-shape.js";
