// Running @asyncapi/generator with the project's template (../../asyncapi-template): it parses and
// validates the document with @asyncapi/parser and renders the tables part of a surface's file.
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import Generator from "@asyncapi/generator";
import type { TemplateEmitter } from "./template-entry.js";

/** packages/codegen, from src/asyncapi or dist/asyncapi. */
const codegenDir = join(dirname(fileURLToPath(import.meta.url)), "../..");

/** The template folder: packages/codegen/asyncapi-template. */
export const templateDir = join(codegenDir, "asyncapi-template");

/** The tables part of `emitter`'s file for the document at `documentPath`, as the template renders it. */
export async function renderWithGenerator(documentPath: string, emitter: TemplateEmitter): Promise<string> {
  // The generator transpiles a template into its own __transpiled/ folder, and turbo runs the ws and uws
  // generators at once: each run gets a copy of the template. The copy sits inside packages/codegen so
  // that the transpiled file still resolves @asyncapi/generator-react-sdk from codegen's node_modules.
  const template = mkdtempSync(join(codegenDir, ".template-run-"));
  const out = mkdtempSync(join(tmpdir(), "kf-asyncapi-"));
  try {
    cpSync(join(templateDir, "package.json"), join(template, "package.json"));
    cpSync(join(templateDir, "template"), join(template, "template"), { recursive: true });
    const generator = new Generator(template, out, { forceWrite: true, templateParams: { emitter } });
    await generator.generateFromFile(documentPath);
    return readFileSync(join(out, "tables.ts"), "utf8");
  } finally {
    rmSync(template, { recursive: true, force: true });
    rmSync(out, { recursive: true, force: true });
  }
}
