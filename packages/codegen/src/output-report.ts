// Which packages' generated output changed: a pure comparison of file-hash maps taken before and after
// `pnpm generate` (or against git HEAD), and the patch changeset written for each changed package.

/** Path (relative to the repository root, `packages/<dir>/src/generated/...`) → content hash. */
export type HashMap = Readonly<Record<string, string>>;

/** The package directory a generated file belongs to (`packages/ws/src/generated/ws.gen.ts` → `ws`). */
export function packageOf(path: string): string | undefined {
  return /^packages\/([^/]+)\/src\/generated\//.exec(path)?.[1];
}

/** Per package directory, the generated files added, removed or changed between two hash maps. */
export function changedOutputs(before: HashMap, after: HashMap): Map<string, string[]> {
  const changed = new Map<string, string[]>();
  for (const path of [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()) {
    if (before[path] === after[path]) continue;
    const pkg = packageOf(path);
    if (pkg === undefined) continue;
    changed.set(pkg, [...(changed.get(pkg) ?? []), path]);
  }
  return changed;
}

/** The lines `pnpm generate` prints: one per changed package, or that nothing changed. */
export function reportLines(changed: ReadonlyMap<string, readonly string[]>): string[] {
  if (changed.size === 0) return ["generated output: no package changed"];
  return [...changed].map(([pkg, files]) => `generated output of ${pkg} changed: ${files.join(", ")}`);
}

/** The text of a patch changeset for one published package whose generated output changed. */
export function changesetFor(packageName: string, files: readonly string[]): string {
  return `---\n"${packageName}": patch\n---\n\nRegenerated from the specs: ${files.join(", ")}.\n`;
}
