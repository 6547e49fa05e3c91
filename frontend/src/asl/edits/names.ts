/**
 * State names. ASL: "The state name MUST be unique within the scope of the entire state machine,
 * and its length MUST BE less than or equal to 80 Unicode characters" (states-language.net,
 * "States"); Baton's validator (engine/asl/validation/machine.py) checks both, counting code
 * points. So uniqueness is checked against every level, nested ones included, although a
 * reference can only name a state of its own level.
 */

import { allNames, locate, updateLevel } from "./core";
import { renameKey } from "./objects";
import { renameInLevel } from "./refs";
import type { Definition, StatePointer } from "./types";

export const MAX_NAME_LENGTH = 80;

export type NameProblem = "empty" | "too-long" | "taken" | "missing-state";

export interface NameError {
  problem: NameProblem;
  message: string;
}

export type Renamed = { ok: true; definition: Definition } | { ok: false; error: NameError };

/** Length in Unicode code points, as ASL and the Python validator count it. */
export function nameLength(name: string): number {
  return [...name].length;
}

/** Why `name` cannot be used for a state (other than `current`, its own name), if it cannot. */
export function checkName(def: Definition, name: string, current?: string): NameError | undefined {
  if (name.length === 0) return { problem: "empty", message: "A state needs a name." };
  if (nameLength(name) > MAX_NAME_LENGTH) {
    return {
      problem: "too-long",
      message: `A state name has at most ${MAX_NAME_LENGTH} characters (this one has ${nameLength(name)}).`,
    };
  }
  if (name !== current && allNames(def).has(name)) {
    return { problem: "taken", message: `Another state is already named "${name}".` };
  }
  return undefined;
}

/**
 * `base` (cut to 80 characters) if no state has it, else "base 2", "base 3"…: the first free
 * one, shortened to stay within 80 characters. `also`: names about to be added by the same edit.
 */
export function freeName(def: Definition, base: string, also: Iterable<string> = []): string {
  const taken = new Set([...allNames(def), ...also]);
  const stem = base.trim() === "" ? "State" : base;
  const whole = [...stem].slice(0, MAX_NAME_LENGTH).join("");
  if (!taken.has(whole)) return whole;
  for (let n = 2; ; n++) {
    const suffix = ` ${n}`;
    const candidate = [...stem].slice(0, MAX_NAME_LENGTH - suffix.length).join("") + suffix;
    if (!taken.has(candidate)) return candidate;
  }
}

/**
 * Renames a state and every reference to it: its level's `StartAt`, and the `Next`, `Default`,
 * Choice rule `Next` and Catcher `Next` of the states of that level (no other level can refer
 * to it). The key keeps its place. Refuses, without throwing, a name that is empty, longer than
 * 80 characters or used by any other state of the machine.
 */
export function renameState(def: Definition, pointer: StatePointer, newName: string): Renamed {
  const found = locate(def, pointer);
  if (!found) {
    return { ok: false, error: { problem: "missing-state", message: `No state at ${pointer}.` } };
  }
  if (newName === found.name) return { ok: true, definition: def };
  const error = checkName(def, newName, found.name);
  if (error) return { ok: false, error };
  const names = new Map([[found.name, newName]]);
  const definition = updateLevel(def, found.level, (body) => {
    const renamed = renameInLevel(body, names);
    const states = renamed.States as Record<string, unknown>;
    return { ...renamed, States: renameKey(states, found.name, newName) };
  });
  return { ok: true, definition };
}
