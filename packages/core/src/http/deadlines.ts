/**
 * Per-attempt timeouts on one timer per client instead of a `setTimeout` per call.
 *
 * Why: a timer per call (create, insert, clear) cost about 1.5 µs of CPU and its garbage on every
 * signed call, more than anything else the client adds besides signing. Calls of one client nearly
 * always share one timeout, so their deadlines arrive in order: a new one is later than the timer
 * already armed and costs a clock read and a set insert. The timer fires at the earliest deadline,
 * expires what is due and re-arms for the next. It keeps the process alive only while a deadline is
 * pending (a call is in flight and waits on it); once every deadline is cleared the still-armed timer
 * is unref()ed, so an idle client never holds the process open.
 */

/** One registered deadline; pass it back to {@link Deadlines.clear}. */
export interface Deadline {
  readonly at: number;
  readonly onExpire: () => void;
}

const now = (): number => performance.now();

/** The deadlines of one client. */
export class Deadlines {
  readonly #pending = new Set<Deadline>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** When the armed timer fires (Infinity when none is armed). */
  #armedAt = Infinity;

  /** Calls `onExpire` once `ms` milliseconds have passed, unless {@link clear} is called first. */
  add(ms: number, onExpire: () => void): Deadline {
    const deadline: Deadline = { at: now() + ms, onExpire };
    this.#pending.add(deadline);
    if (deadline.at < this.#armedAt) this.#arm(deadline.at);
    else if (this.#pending.size === 1) this.#timer?.ref?.();
    return deadline;
  }

  /** Forgets a deadline (the call ended in time). The timer stays armed; it finds nothing due. */
  clear(deadline: Deadline | undefined): void {
    if (deadline && this.#pending.delete(deadline) && this.#pending.size === 0) this.#timer?.unref?.();
  }

  /** Whether the timer keeps a Node process alive now (a deadline is pending); false elsewhere. */
  holdsProcess(): boolean {
    return this.#timer?.hasRef?.() ?? false;
  }

  #arm(at: number): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#armedAt = at;
    this.#timer = setTimeout(() => this.#fire(), Math.max(0, at - now()));
    if (this.#pending.size === 0) this.#timer.unref?.();
  }

  #fire(): void {
    this.#timer = undefined;
    this.#armedAt = Infinity;
    const t = now();
    let next = Infinity;
    const due: Deadline[] = [];
    for (const deadline of this.#pending) {
      if (deadline.at <= t) due.push(deadline);
      else if (deadline.at < next) next = deadline.at;
    }
    for (const deadline of due) this.#pending.delete(deadline);
    if (next !== Infinity) this.#arm(next);
    for (const deadline of due) deadline.onExpire();
  }
}
