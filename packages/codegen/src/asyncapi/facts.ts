// The facts the WebSocket v1 model reads of each operation, from either reading of the document: the
// raw bundle (refs followed by ../json-pointer.ts) or the model @asyncapi/parser builds, which the
// AsyncAPI generator hands its templates (../../asyncapi-template). Both readings must agree; a test
// holds them equal on the real v1 document.
import { componentName } from "../json-pointer.js";
import type { AsyncApiDocument } from "./document.js";

/** One message of an operation: its component name, payload schema name and feed extensions. */
export interface MessageFacts {
  readonly name: string;
  readonly payload: string;
  readonly feed?: string | undefined;
  readonly role?: string | undefined;
}

/** One operation: who sends it, whether it is secured, its feed (if any) and its messages. */
export interface OperationFacts {
  readonly id: string;
  readonly action: "send" | "receive";
  readonly secured: boolean;
  readonly feed?: { readonly name: string; readonly productIds: string } | undefined;
  readonly messages: readonly MessageFacts[];
}

/** The operations of a raw (bundled) document, in document order. */
export function operationFacts(document: AsyncApiDocument): OperationFacts[] {
  const { messages } = document.components;
  return Object.entries(document.operations).map(([id, operation]) => ({
    id,
    action: operation.action,
    secured: Array.isArray(operation.security) && operation.security.length > 0,
    feed: operation["x-feed"],
    messages: operation.messages.map((m) => {
      const name = componentName(document, m.$ref);
      const message = messages[name]!;
      return {
        name,
        payload: componentName(document, message.payload.$ref),
        feed: message["x-feed"],
        role: message["x-role"],
      };
    }),
  }));
}

/** The part of @asyncapi/parser's extensions collection read here. */
interface ParsedExtensions {
  get(name: string): { value(): unknown } | undefined;
}

/** The part of @asyncapi/parser's MessageInterface read here. */
export interface ParsedMessage {
  id(): string;
  payload(): { id(): string } | undefined;
  extensions(): ParsedExtensions;
}

/** The part of @asyncapi/parser's OperationInterface read here. */
export interface ParsedOperation {
  id(): string;
  action(): string;
  security(): readonly unknown[];
  messages(): { all(): ParsedMessage[] };
  extensions(): ParsedExtensions;
}

/** The part of @asyncapi/parser's AsyncAPIDocumentInterface read here (the template's `asyncapi`). */
export interface ParsedDocument {
  operations(): { all(): ParsedOperation[] };
}

const extension = <T>(node: { extensions(): ParsedExtensions }, name: string): T | undefined =>
  node.extensions().get(name)?.value() as T | undefined;

/** The operations as @asyncapi/parser models them (ids are the component names of the document). */
export function parsedOperationFacts(asyncapi: ParsedDocument): OperationFacts[] {
  return asyncapi
    .operations()
    .all()
    .map((operation) => ({
      id: operation.id(),
      action: operation.action() === "send" ? "send" : "receive",
      secured: operation.security().length > 0,
      feed: extension<OperationFacts["feed"]>(operation, "x-feed"),
      messages: operation
        .messages()
        .all()
        .map((message) => {
          const payload = message.payload()?.id();
          if (!payload) throw new Error(`message ${message.id()} has no payload schema`);
          return {
            name: message.id(),
            payload,
            feed: extension<string>(message, "x-feed"),
            role: extension<string>(message, "x-role"),
          };
        }),
    }));
}
