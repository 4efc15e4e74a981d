/**
 * Waiting for a stream to show something, without polling: `until` checks `read` now and again after
 * every event `listen` reports, and settles on the first defined value. Both versions of the program
 * use it, because on either API a request's answer comes before the stream shows its effect.
 */

/** Default time a step may take before the program gives up, in ms. */
export const DEFAULT_STEP_TIMEOUT_MS = 10_000;

/**
 * Resolves with the first defined value of `read()`, checked at once and after each call of the
 * listener given to `listen` (which returns its remover). Rejects after `timeoutMs` (default 10 s) with
 * an error naming `what`.
 */
export function until<T>(
  what: string,
  listen: (changed: () => void) => () => void,
  read: () => T | undefined,
  timeoutMs: number = DEFAULT_STEP_TIMEOUT_MS,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let off: () => void = () => {};
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
    }, timeoutMs);
    const check = () => {
      let value: T | undefined;
      try {
        value = read();
      } catch (error) {
        clearTimeout(timer);
        off();
        reject(error);
        return;
      }
      if (value === undefined) return;
      clearTimeout(timer);
      off();
      resolve(value);
    };
    off = listen(check);
    check();
  });
}
