import { describe, expect, it } from "vitest";
import { componentName, deref, pointerLeaf, resolveRef } from "../src/json-pointer.js";

const document = {
  components: {
    schemas: { A: { $ref: "#/components/schemas/B" }, B: { type: "string" }, "x/y": { type: "number" } },
  },
  channels: { c: { messages: { m: { $ref: "#/components/messages/M" } } } },
  loop: { $ref: "#/loop" },
};

describe("resolveRef", () => {
  it("walks a local pointer, unescaping ~1 and ~0", () => {
    expect(resolveRef(document, "#/components/schemas/B")).toEqual({ type: "string" });
    expect(resolveRef(document, "#/components/schemas/x~1y")).toEqual({ type: "number" });
    expect(resolveRef(document, "#/components/schemas/Missing")).toBeUndefined();
  });
  it("refuses a ref outside the document", () => {
    expect(() => resolveRef(document, "other.yaml#/A")).toThrow(/only local refs/);
  });
});

describe("deref", () => {
  it("follows a chain of refs and stops on a cycle", () => {
    expect(deref(document, { $ref: "#/components/schemas/A" })).toEqual({ type: "string" });
    expect(deref(document, document.loop)).toEqual({ $ref: "#/loop" });
    expect(deref(document, { type: "x" })).toEqual({ type: "x" });
  });
});

describe("componentName", () => {
  it("names the component a ref reaches, following a channel message to its component", () => {
    expect(componentName(document, "#/components/schemas/A")).toBe("A");
    expect(componentName(document, "#/channels/c/messages/m")).toBe("M");
  });
  it("throws when a ref leads nowhere or is not local", () => {
    expect(() => componentName(document, "#/channels/c")).toThrow(/does not lead to a component/);
    expect(() => componentName(document, 3)).toThrow(/unexpected \$ref/);
  });
});

describe("pointerLeaf", () => {
  it("gives the last segment of a local pointer, unescaped", () => {
    expect(pointerLeaf("#/servers/production")).toBe("production");
    expect(pointerLeaf("#/paths/~1derivatives~1api")).toBe("/derivatives/api");
    expect(() => pointerLeaf("other.yaml#/x")).toThrow(/unexpected \$ref/);
  });
});
