import { describe, expect, it } from "vitest";
import {
  type ConnectionState,
  IllegalTransitionError,
  StateMachine,
  TRANSITIONS,
} from "../../src/ws/states.js";

const STATES = Object.keys(TRANSITIONS) as ConnectionState[];

/** A legal way from idle to each state. */
const PATH: Record<ConnectionState, ConnectionState[]> = {
  idle: [],
  connecting: ["connecting"],
  open: ["connecting", "open"],
  authenticating: ["connecting", "open", "authenticating"],
  ready: ["connecting", "open", "ready"],
  reconnecting: ["connecting", "reconnecting"],
  closed: ["closed"],
};

function machineAt(state: ConnectionState) {
  const changes: string[] = [];
  const machine = new StateMachine(
    (from, to) => changes.push(`${from}->${to}`),
    (error) => {
      throw error;
    },
  );
  for (const step of PATH[state]) machine.move(step);
  expect(machine.state).toBe(state);
  changes.length = 0;
  return { machine, changes };
}

describe("the connection's transition table", () => {
  it("lists the seven states of packages/ws, closed being final", () => {
    expect(STATES.sort()).toEqual(
      ["authenticating", "closed", "connecting", "idle", "open", "ready", "reconnecting"].sort(),
    );
    expect(TRANSITIONS.closed).toEqual([]);
    for (const state of STATES) if (state !== "closed") expect(TRANSITIONS[state]).toContain("closed");
  });

  for (const from of STATES) {
    for (const to of STATES) {
      const legal = TRANSITIONS[from].includes(to);
      it(`${legal ? "allows" : "refuses"} ${from} -> ${to}`, () => {
        const { machine, changes } = machineAt(from);
        expect(machine.can(to)).toBe(legal);
        if (legal) {
          expect(machine.move(to)).toBe(true);
          expect(machine.state).toBe(to);
          expect(changes).toEqual([`${from}->${to}`]);
        } else {
          let thrown: unknown;
          try {
            machine.move(to);
          } catch (error) {
            thrown = error;
          }
          expect(thrown).toBeInstanceOf(IllegalTransitionError);
          expect((thrown as IllegalTransitionError).message).toContain(`${from} -> ${to}`);
          expect(machine.state).toBe(from);
          expect(changes).toEqual([]);
        }
      });
    }
  }

  it("outside strict mode an illegal move is reported and refused, and the state stays", () => {
    const reported: IllegalTransitionError[] = [];
    const machine = new StateMachine(
      () => {},
      (error) => reported.push(error),
    );
    expect(machine.move("ready")).toBe(false);
    expect(machine.state).toBe("idle");
    expect(reported.map((e) => [e.from, e.to, e.name])).toEqual([
      ["idle", "ready", "IllegalTransitionError"],
    ]);
  });
});
