// Runs a command and returns its output; on failure the error carries the command and its output.
import { spawnSync } from "node:child_process";

export function run(command, args, options = {}) {
  const result = spawnSync(command, args, {
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    timeout: 300_000,
    ...options,
    env: { ...process.env, ...options.env },
  });
  const output = `${result.stdout ?? ""}${result.stderr ?? ""}`;
  if (result.error || (result.status !== 0 && !options.allowFailure)) {
    const why = result.error ? result.error.message : `exit ${result.status}`;
    throw new Error(
      `${command} ${args.join(" ")} (${options.cwd ?? process.cwd()}): ${why}\n${output.slice(-4000)}`,
    );
  }
  return { status: result.status, stdout: result.stdout ?? "", stderr: result.stderr ?? "", output };
}
