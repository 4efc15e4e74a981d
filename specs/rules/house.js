// House lint rules for the Kraken Futures OpenAPI documents (Redocly plugin).
// Each rule guards a fact that clients or the mock exchange read from the spec.

const OPERATION_ID = /^[a-z][A-Za-z0-9]+$/;

function operationRule(check) {
  return () => ({
    Operation: {
      enter(operation, ctx) {
        check(operation, ctx);
      },
    },
  });
}

export default function housePlugin() {
  return {
    id: "house",
    rules: {
      oas3: {
        "operation-id-pattern": operationRule((op, ctx) => {
          if (typeof op.operationId === "string" && !OPERATION_ID.test(op.operationId)) {
            ctx.report({
              message: `operationId "${op.operationId}" must be lowerCamelCase (${OPERATION_ID}).`,
              location: ctx.location.child("operationId"),
            });
          }
        }),
        "operation-has-tag": operationRule((op, ctx) => {
          if (!Array.isArray(op.tags) || op.tags.length === 0) {
            ctx.report({ message: "Every operation needs at least one tag.", location: ctx.location });
          }
        }),
        "explicit-security": operationRule((op, ctx) => {
          if (!Array.isArray(op.security)) {
            ctx.report({
              message: "Every operation states `security` (`[]` for public ones); clients sign from it.",
              location: ctx.location,
            });
          }
        }),
        "json-example-on-200": operationRule((op, ctx) => {
          const ok = op.responses?.["200"];
          const content = ok?.content ?? {};
          // A 200 that is not JSON (the account log's CSV) needs an example of its own media type instead.
          const type = "application/json" in content ? "application/json" : Object.keys(content)[0];
          const media = type ? content[type] : undefined;
          const examples = media?.examples ?? {};
          if (!media || (media.example === undefined && Object.keys(examples).length === 0)) {
            ctx.report({
              message:
                "The 200 response needs an example (application/json, or its own media type when it is not JSON).",
              location: ctx.location.child("responses"),
            });
          }
        }),
        "rate-limit-extension": operationRule((op, ctx) => {
          const rl = op["x-rate-limit"];
          if (!rl || typeof rl.cost !== "number") {
            ctx.report({
              message: "Every operation needs `x-rate-limit: { cost, pool? }` (cost 0 for public calls).",
              location: ctx.location,
            });
            return;
          }
          const isPublic = Array.isArray(op.security) && op.security.length === 0;
          if (!isPublic && typeof rl.pool !== "string") {
            ctx.report({
              message: "A private operation's `x-rate-limit` names its pool.",
              location: ctx.location,
            });
          }
        }),
        "retry-safe-extension": operationRule((op, ctx) => {
          if (typeof op["x-retry-safe"] !== "boolean") {
            ctx.report({
              message: "Every operation needs `x-retry-safe: true | false`.",
              location: ctx.location,
            });
          }
        }),
      },
    },
  };
}
