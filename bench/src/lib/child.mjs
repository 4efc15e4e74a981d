import { fork } from "node:child_process";

/**
 * Forks a Node script that reports with `process.send`, and resolves with its first message of type
 * `result` (or `ready`, with `waitFor`). The child is killed if it has not exited after `timeoutMs`,
 * so a stuck benchmark cannot keep `pnpm bench` (or CI) waiting.
 *
 * @param {string | URL} script
 * @param {{ args?: string[], timeoutMs: number, execArgv?: string[], env?: NodeJS.ProcessEnv }} options
 * @returns {{ child: import("node:child_process").ChildProcess, done: Promise<number | null> }}
 */
export function forkWithDeadline(script, options) {
  const child = fork(script instanceof URL ? script : new URL(script), options.args ?? [], {
    execArgv: options.execArgv ?? [],
    env: options.env ?? process.env,
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const timer = setTimeout(() => {
    console.error(`[bench] ${String(script)} ran past ${options.timeoutMs} ms, killing it`);
    child.kill("SIGKILL");
  }, options.timeoutMs);
  timer.unref();
  const done = new Promise((resolve) => {
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
  return { child, done };
}

/**
 * Waits for the next IPC message of the given type from a child.
 * @param {import("node:child_process").ChildProcess} child
 * @param {string} type
 * @param {number} timeoutMs
 * @returns {Promise<any>}
 */
export function nextMessage(child, type, timeoutMs = 30_000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`no "${type}" message within ${timeoutMs} ms`));
    }, timeoutMs);
    const onMessage = (/** @type {any} */ message) => {
      if (message?.type === type) {
        cleanup();
        resolve(message);
      }
    };
    const onExit = (/** @type {number | null} */ code) => {
      cleanup();
      reject(new Error(`child exited (${code}) before sending "${type}"`));
    };
    const cleanup = () => {
      clearTimeout(timer);
      child.off("message", onMessage);
      child.off("exit", onExit);
    };
    child.on("message", onMessage);
    child.once("exit", onExit);
  });
}

/**
 * For a forked child: exit when the parent goes away (disconnect) or after `maxMs` in any case, so
 * no server started by a benchmark outlives it.
 * @param {number} maxMs
 */
export function exitWithParent(maxMs) {
  process.on("disconnect", () => process.exit(0));
  setTimeout(() => {
    console.error(`[bench] ${process.argv[1]} reached its ${maxMs} ms lifetime, exiting`);
    process.exit(2);
  }, maxMs).unref();
}
