import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import {
  Credentials,
  CredentialsError,
  KrakenFuturesError,
  parseCredentials,
  signRequest,
} from "../../src/index.js";
import { SEED_KEY, SEED_SECRET, VECTORS } from "../reference.js";

const secret = VECTORS.challenge.secret;
const secretBytes = Buffer.from(secret, "base64");

function refusal(input: { apiKey: unknown; apiSecret: unknown }): CredentialsError {
  try {
    parseCredentials(input as never);
  } catch (error) {
    expect(error).toBeInstanceOf(CredentialsError);
    expect(error).toBeInstanceOf(KrakenFuturesError);
    return error as CredentialsError;
  }
  throw new Error("the credentials were accepted");
}

describe("parseCredentials", () => {
  it("refuses the seed's sample secret (87 characters, not base64) without quoting it", () => {
    const error = refusal({ apiKey: SEED_KEY, apiSecret: SEED_SECRET });
    expect(error.name).toBe("CredentialsError");
    expect(error.message).toMatch(/apiSecret is not strict base64: its length \(87\) is not a multiple of 4/);
    expect(error.message).not.toContain(SEED_SECRET);
    // Not even a recognisable piece of it, nor the key.
    for (let i = 0; i + 8 <= SEED_SECRET.length; i++)
      expect(error.message).not.toContain(SEED_SECRET.slice(i, i + 8));
    expect(error.message).not.toContain(SEED_KEY);
    expect(inspect(error)).not.toContain(SEED_SECRET);
    expect(JSON.stringify(error)).not.toContain(SEED_SECRET);
  });

  it.each([
    [
      "characters outside the alphabet",
      `${secret.slice(0, -4)}ab$d`,
      /character 87 is not in the base64 alphabet/,
    ],
    ["base64url", secret.replace("+", "-").replace("/", "_"), /base64url is not accepted/],
    ["padding in the middle", `${secret.slice(0, 40)}==${secret.slice(42)}`, /not in the base64 alphabet/],
    ["a missing padding", Buffer.alloc(64, 7).toString("base64").replace(/=+$/, ""), /not a multiple of 4/],
    [
      "non-canonical trailing bits",
      `${Buffer.alloc(64, 7).toString("base64").slice(0, -3)}B==`,
      /unused bits/,
    ],
    ["inner whitespace", `${secret.slice(0, 44)} ${secret.slice(45)}`, /not in the base64 alphabet/],
    ["empty", "", /empty/],
    [
      "a too short secret (16 bytes)",
      Buffer.alloc(16, 1).toString("base64"),
      /decodes to 16 bytes.*64.*32 to 128/,
    ],
    ["a too long secret (129 bytes)", Buffer.alloc(129, 1).toString("base64"), /decodes to 129 bytes/],
  ])("refuses a secret with %s", (_, apiSecret, message) => {
    const error = refusal({ apiKey: SEED_KEY, apiSecret });
    expect(error.message).toMatch(message);
    if (apiSecret.length > 0) expect(error.message).not.toContain(apiSecret);
  });

  it.each([
    ["empty", ""],
    ["whitespace only", " \t\n "],
    ["inner spaces", "ab cd"],
    ["a newline (header injection)", "ab\r\nX-Evil: 1"],
  ])("refuses an API key that is %s, without quoting it", (_, apiKey) => {
    const error = refusal({ apiKey, apiSecret: secret });
    expect(error.message).toMatch(/apiKey/);
    if (apiKey.trim() !== "") expect(error.message).not.toContain(apiKey.trim());
  });

  it("refuses values that are not strings", () => {
    expect(refusal({ apiKey: 1, apiSecret: secret }).message).toMatch(/apiKey must be a string/);
    expect(refusal({ apiKey: SEED_KEY, apiSecret: secretBytes }).message).toMatch(
      /apiSecret must be a string/,
    );
    expect(() => parseCredentials(null as never)).toThrow(CredentialsError);
  });

  it("accepts 32 to 128 bytes, trims surrounding whitespace, and returns Credentials as they are", async () => {
    expect(
      parseCredentials({ apiKey: SEED_KEY, apiSecret: Buffer.alloc(32).toString("base64") }),
    ).toBeInstanceOf(Credentials);
    expect(
      parseCredentials({ apiKey: SEED_KEY, apiSecret: Buffer.alloc(128).toString("base64") }),
    ).toBeInstanceOf(Credentials);
    const credentials = parseCredentials({ apiKey: ` ${SEED_KEY}\n`, apiSecret: `${secret}\n` });
    expect(credentials.apiKey).toBe(SEED_KEY);
    expect(parseCredentials(credentials)).toBe(credentials);
    expect(await signRequest({ endpointPath: "/x", postData: "", secret: credentials })).toBe(
      await signRequest({ endpointPath: "/x", postData: "", secret }),
    );
  });
});

describe("Credentials never reveal the secret", () => {
  const credentials = parseCredentials({ apiKey: SEED_KEY, apiSecret: secret });
  const hexSecret = secretBytes.toString("hex");
  const views: Array<[string, () => string]> = [
    ["JSON.stringify", () => JSON.stringify(credentials)],
    ["JSON.stringify nested", () => JSON.stringify({ config: { credentials } })],
    ["util.inspect", () => inspect(credentials, { showHidden: true, depth: 10, getters: true })],
    ["util.inspect nested", () => inspect({ credentials }, { showHidden: true, depth: 10 })],
    ["String()", () => String(credentials)],
    ["a template literal", () => `${credentials}`],
    ["concatenation", () => "" + credentials],
    [
      "Object.keys and entries",
      () => JSON.stringify([Object.keys(credentials), Object.entries(credentials)]),
    ],
    ["spread", () => inspect({ ...credentials })],
    ["structuredClone", () => inspect(structuredClone(credentials), { showHidden: true })],
    ["own property names and symbols", () => String([...Reflect.ownKeys(credentials)].map(String))],
  ];

  it.each(views)("through %s", (_, view) => {
    const shown = view();
    expect(shown).not.toContain(secret);
    expect(shown).not.toContain(hexSecret);
    expect(shown).not.toContain(SEED_KEY);
  });

  it("shows the key masked", () => {
    expect(JSON.stringify(credentials)).toBe('{"apiKey":"rR…rf"}');
    expect(inspect(credentials)).toBe("Credentials { apiKey: 'rR…rf' }");
    expect(String(credentials)).toBe("Credentials(rR…rf)");
    expect(JSON.stringify(parseCredentials({ apiKey: "short", apiSecret: secret }))).toBe('{"apiKey":"…"}');
  });
});
