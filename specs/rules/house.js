// House lint rules for the Kraken Futures OpenAPI and AsyncAPI documents (Redocly plugin).
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

// AsyncAPI 3 (the Unified WebSocket document): every request is answered, every message has a fixture,
// and every unverified field says where it was taken from.
const UNVERIFIED_SOURCE = /^(Spot WS v2|Derivatives WS v1|Unnamed on the UWS page)\b/;

/** Every `x-unverified` value under a node, with the path that leads to it. */
function unverifiedMarks(node, path = []) {
  if (!node || typeof node !== "object") return [];
  const here = "x-unverified" in node ? [[path, node["x-unverified"]]] : [];
  return here.concat(
    Object.entries(node).flatMap(([key, value]) =>
      key === "examples" ? [] : unverifiedMarks(value, [...path, key]),
    ),
  );
}

const explicitSecurity = operationRule((op, ctx) => {
  if (!Array.isArray(op.security)) {
    ctx.report({
      message: "Every operation states `security` (`[]` for public ones); clients sign from it.",
      location: ctx.location,
    });
  }
});

const asyncapiRules = {
  "explicit-security": explicitSecurity,
  "send-has-reply": () => ({
    Operation: {
      enter(operation, ctx) {
        if (operation.action === "send" && !(operation.reply?.messages?.length > 0)) {
          ctx.report({
            message:
              "Every request (a `send` operation) names the acknowledgement that answers it in `reply`.",
            location: ctx.location,
          });
        }
      },
    },
  }),
  "message-has-example": () => ({
    Message: {
      enter(message, ctx) {
        if (!Array.isArray(message.examples) || message.examples.length === 0) {
          ctx.report({
            message: "Every message has at least one example (a fixture the tests validate).",
            location: ctx.location,
          });
        }
      },
    },
  }),
  "unverified-has-source": () => ({
    Root: {
      enter(root, ctx) {
        for (const [path, source] of unverifiedMarks(root.components ?? {}, ["components"])) {
          if (typeof source !== "string" || !UNVERIFIED_SOURCE.test(source)) {
            ctx.report({
              message: `x-unverified says where the field comes from (${UNVERIFIED_SOURCE}).`,
              location: ctx.location.child([...path, "x-unverified"]),
            });
          }
        }
      },
    },
  }),
};

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
        "explicit-security": explicitSecurity,
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
      async3: asyncapiRules,
    },
  };
}
