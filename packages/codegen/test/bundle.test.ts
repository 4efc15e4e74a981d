import { describe, expect, it } from "vitest";
import { canonical, contentHash, stamp } from "../src/bundle/index.js";

describe("contentHash", () => {
  it("ignores key order but not content", () => {
    expect(canonical({ b: [{ d: 1, c: 2 }], a: 1 })).toEqual({ a: 1, b: [{ c: 2, d: 1 }] });
    expect(JSON.stringify(canonical({ b: 1, a: 2 }))).toBe('{"a":2,"b":1}');
    expect(contentHash({ a: 1, b: 2 })).toBe(contentHash({ b: 2, a: 1 }));
    expect(contentHash({ a: 1 })).not.toBe(contentHash({ a: 2 }));
    expect(contentHash({ a: 1 })).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe("stamp", () => {
  it("adds the package version and the hash of the unstamped document, keeping key order", () => {
    const document = { openapi: "3.1.0", info: { title: "T", version: "1" }, paths: {} };
    const stamped = stamp(document, "2.3.4");
    expect(stamped.hash).toBe(contentHash(document));
    expect(Object.keys(stamped.document)).toEqual(["openapi", "info", "paths"]);
    expect(stamped.document.info).toEqual({
      title: "T",
      version: "1",
      "x-spec-package-version": "2.3.4",
      "x-content-hash": stamped.hash,
    });
    expect(document.info).toEqual({ title: "T", version: "1" });
  });
});
