// The package's generated tables match the UWS document they come from: every channel and every method
// of the spec, with its access (public or private) and the servers it is on.
import { loadSpec } from "@kraken-futures/specs";
import { describe, expect, it } from "vitest";
import { uwsChannels, uwsMethods } from "../../src/index.js";

// biome-ignore lint/suspicious/noExplicitAny: the test walks parsed JSON of any shape
const document = loadSpec("uws") as { channels: Record<string, any>; components: Record<string, any> };

describe("the generated UWS tables", () => {
  it("hold every channel of the spec, with its access from x-uws", () => {
    const fromSpec = Object.entries(document.channels)
      .filter(([, channel]) => channel["x-uws"]?.kind !== "method")
      .map(([name, channel]) => [name, channel["x-uws"].access]);
    const fromTable = Object.entries(uwsChannels).map(([name, entry]) => [name, entry.access]);
    for (const pair of fromTable) expect(fromSpec).toContainEqual(pair);
    expect(Object.keys(uwsChannels).length + Object.keys(uwsMethods).length).toBe(
      Object.keys(document.channels).length,
    );
  });
  it("name a request and an ack message for every method", () => {
    expect(Object.keys(uwsMethods)).toContain("add_order");
    for (const [name, method] of Object.entries(uwsMethods)) {
      expect(document.components.schemas[(method as { request: string }).request], name).toBeDefined();
    }
  });
});
