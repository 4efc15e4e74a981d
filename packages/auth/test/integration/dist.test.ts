// The built package as its users get it: Node resolves #crypto to node:crypto, and a browser bundle
// resolves it to WebCrypto without a trace of node:crypto. Run `pnpm build` first (turbo does).
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SPOT_VECTORS, VECTORS } from "../reference.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const { rest, challenge } = VECTORS;
const spot = SPOT_VECTORS.published;
const scratch = mkdtempSync(join(tmpdir(), "kraken-auth-dist-"));

const probe = `
const auth = await import(AUTH);
const authent = await auth.signRequest(${JSON.stringify({ ...rest, secret: rest.secret })});
const signed = await auth.signChallenge(${JSON.stringify(challenge.challenge)}, ${JSON.stringify(challenge.secret)});
const spotSign = await auth.signSpotRequest(${JSON.stringify({ uriPath: spot.uriPath, nonce: spot.nonce, postData: spot.postData, secret: spot.secret })});
console.log(JSON.stringify({ backend: auth.cryptoBackend, authent, signed, spotSign }));
`;

// A consumer's view: package.json and dist/ under node_modules, no tsconfig.json (whose paths esbuild
// would otherwise apply), so #crypto is resolved by the package.json imports map alone.
const consumer = join(scratch, "consumer");

beforeAll(() => {
  if (!existsSync(join(root, "dist/index.js"))) throw new Error("dist/ is missing: run `pnpm build` first");
  const installed = join(consumer, "node_modules/@kraken-futures/auth");
  cpSync(join(root, "dist"), join(installed, "dist"), { recursive: true });
  cpSync(join(root, "package.json"), join(installed, "package.json"));
  // auth's one dependency, installed beside it as npm would.
  const core = join(consumer, "node_modules/@kraken-futures/core");
  cpSync(join(root, "../core/dist"), join(core, "dist"), { recursive: true });
  cpSync(join(root, "../core/package.json"), join(core, "package.json"));
  writeFileSync(join(consumer, "package.json"), '{ "type": "module" }\n');
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("dist", () => {
  it("under Node, the package name resolves #crypto to node:crypto and signs the vectors", () => {
    const out = execFileSync(
      process.execPath,
      ["--input-type=module", "-e", probe.replace("AUTH", JSON.stringify("@kraken-futures/auth"))],
      { cwd: consumer, encoding: "utf8" },
    );
    expect(JSON.parse(out)).toEqual({
      backend: "node",
      authent: rest.authent,
      signed: challenge.signed,
      spotSign: spot.sign,
    });
  });

  it("a browser bundle has no node:crypto and signs the vectors with WebCrypto", async () => {
    const result = await build({
      stdin: { contents: 'export * from "@kraken-futures/auth";', resolveDir: consumer, loader: "js" },
      bundle: true,
      platform: "browser",
      format: "esm",
      write: false,
      logLevel: "silent",
    });
    const code = result.outputFiles[0]!.text;
    expect(code).not.toMatch(/node:crypto|createHmac|require\(/);
    expect(code).toContain("crypto.subtle");
    const bundle = join(scratch, "bundle.mjs");
    writeFileSync(bundle, code);
    const out = execFileSync(
      process.execPath,
      ["--input-type=module", "-e", probe.replace("AUTH", JSON.stringify(pathToFileURL(bundle).href))],
      { encoding: "utf8" },
    );
    expect(JSON.parse(out)).toEqual({
      backend: "web",
      authent: rest.authent,
      signed: challenge.signed,
      spotSign: spot.sign,
    });
  });
});
