// KrakenFuturesError lives in @kraken-futures/core; auth re-exports the very same class (issue 13 item 1).
import * as core from "@kraken-futures/core";
import { describe, expect, it } from "vitest";
import * as auth from "../../src/index.js";

describe("the error base, re-exported from core", () => {
  it("is the same class and the same naming helper", () => {
    expect(auth.KrakenFuturesError).toBe(core.KrakenFuturesError);
    expect(auth.nameErrorClasses).toBe(core.nameErrorClasses);
  });

  it("auth's errors are core's KrakenFuturesErrors and keep their names", () => {
    for (const [Type, name] of [
      [auth.CredentialsError, "CredentialsError"],
      [auth.PostDataError, "PostDataError"],
      [auth.SigningError, "SigningError"],
    ] as const) {
      const error = new Type("x");
      expect(error).toBeInstanceOf(core.KrakenFuturesError);
      expect(error.name).toBe(name);
    }
    expect(() => auth.parseCredentials({ apiKey: "", apiSecret: "" })).toThrow(core.KrakenFuturesError);
  });
});
