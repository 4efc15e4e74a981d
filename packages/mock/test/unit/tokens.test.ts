import { describe, expect, it } from "vitest";
import { manualClock } from "../../src/engine/clock.js";
import { TOKEN_LIFETIME_MS, TokenStore } from "../../src/spot/tokens.js";

const owner = { account: "acct", apiKey: "key" };

describe("TokenStore", () => {
  it("issues distinct 43-character tokens that expire 15 minutes after issue", () => {
    const clock = manualClock();
    const store = new TokenStore(clock);
    const a = store.issue(owner);
    const b = store.issue(owner);
    expect(a.token).not.toBe(b.token);
    expect(a.token).toHaveLength(43);
    expect(a.expires).toBe(900);
    expect(store.validate(a.token)).toEqual({ ok: true, ...owner });
    clock.advance(TOKEN_LIFETIME_MS);
    expect(store.validate(a.token)).toEqual({ ok: false, reason: "expired" });
    // Once found expired it is forgotten.
    expect(store.validate(a.token)).toEqual({ ok: false, reason: "unknown" });
    expect(store.size).toBe(0);
  });

  it("cannot hold an expired token; a held one outlives its 15 minutes until its last release", () => {
    const clock = manualClock();
    const store = new TokenStore(clock);
    const late = store.issue(owner).token;
    clock.advance(TOKEN_LIFETIME_MS);
    expect(store.hold(late, "c1")).toEqual({ ok: false, reason: "expired" });
    const { token } = store.issue(owner);
    expect(store.hold(token, "c1").ok).toBe(true);
    expect(store.hold(token, "c1").ok).toBe(true);
    expect(store.hold(token, "c2")).toEqual({ ok: false, reason: "elsewhere" });
    clock.advance(2 * TOKEN_LIFETIME_MS);
    store.release(token, "c2"); // not the holder: ignored
    store.release(token, "c1");
    expect(store.validate(token, "c1").ok).toBe(true);
    store.release(token, "c1");
    expect(store.validate(token)).toEqual({ ok: false, reason: "expired" });
  });

  it("released within its 15 minutes, a token lives until they are up, for any connection", () => {
    const clock = manualClock();
    const store = new TokenStore(clock, { lifetimeMs: 1_000 });
    const { token, expires } = store.issue(owner);
    expect(expires).toBe(1);
    store.hold(token, "c1");
    store.release(token, "c1");
    expect(store.validate(token, "c2").ok).toBe(true);
    clock.advance(1_000);
    expect(store.validate(token, "c2")).toEqual({ ok: false, reason: "expired" });
  });
});
