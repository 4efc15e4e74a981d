// Types of tools.mjs for the TypeScript test suites that import it.
export type ToolName = "go" | "javac" | "python3" | "chromium";
export declare const TOOLS: Record<ToolName, { command: string; apt: string }>;
export declare function inCi(env?: NodeJS.ProcessEnv): boolean;
export declare function findTool(name: ToolName, env?: NodeJS.ProcessEnv): string | undefined;
export declare function toolPath(name: ToolName): string;
export declare function needsTools(names: readonly ToolName[]): {
  skip?: boolean;
  meta?: { skipReason: string };
};

declare module "vitest" {
  interface TaskMeta {
    /** Why the test was skipped (set by needsTools, read by scripts/test-summary.mjs). */
    skipReason?: string;
  }
}
