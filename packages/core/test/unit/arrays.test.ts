import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { insertAt, removeAt } from "../../src/arrays.js";

describe("insertAt / removeAt", () => {
  it("do what splice does, at every index, on short and long tails alike", () => {
    fc.assert(
      fc.property(fc.array(fc.integer(), { maxLength: 60 }), fc.nat(), fc.integer(), (values, at, value) => {
        const insertIndex = at % (values.length + 1);
        const inserted = [...values];
        insertAt(inserted, insertIndex, value);
        const expected = [...values];
        expected.splice(insertIndex, 0, value);
        expect(inserted).toEqual(expected);
        if (values.length === 0) return;
        const removeIndex = at % values.length;
        const removed = [...values];
        removeAt(removed, removeIndex);
        const expectedRemoved = [...values];
        expectedRemoved.splice(removeIndex, 1);
        expect(removed).toEqual(expectedRemoved);
      }),
    );
  });
});
