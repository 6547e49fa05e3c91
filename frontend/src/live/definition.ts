/** What the fold needs from the definition: names -> node ids (JSON pointers), Retry and Catch. */

import { walkStates } from "../asl/levels";
import { isObject, type JsonObject } from "../asl/types";

export interface Retrier {
  errors: string[];
  interval: number;
  maxAttempts: number;
  backoff: number;
  maxDelay?: number;
  jitter: boolean;
}

export class StateIndex {
  private readonly pointers = new Map<string, string>();
  private readonly states = new Map<string, JsonObject>();

  constructor(definition: unknown) {
    if (!isObject(definition)) return;
    for (const entry of walkStates(definition)) {
      // Names are unique in the whole machine (ASL); the first one wins if a definition lies.
      if (!this.pointers.has(entry.name)) this.pointers.set(entry.name, entry.pointer);
      this.states.set(entry.pointer, entry.state);
    }
  }

  pointerOf(name: string): string | undefined {
    return this.pointers.get(name);
  }

  stateOf(pointer: string): JsonObject | undefined {
    return this.states.get(pointer);
  }

  /** The level a state sits in: "/States/P/Branches/0/States/A" -> "/States/P/Branches/0". */
  static levelOf(pointer: string): string {
    return pointer.slice(0, pointer.lastIndexOf("/States/"));
  }

  /** True when only a Catch leads from this state to `next` (not Next, Default or a rule). */
  isCatchTarget(pointer: string, next: string): boolean {
    const state = this.states.get(pointer) ?? {};
    const catchers = Array.isArray(state.Catch) ? state.Catch.filter(isObject) : [];
    if (!catchers.some((catcher) => catcher.Next === next)) return false;
    const rules = Array.isArray(state.Choices) ? state.Choices.filter(isObject) : [];
    const normal = [state.Next, state.Default, ...rules.map((rule) => rule.Next)];
    return !normal.includes(next);
  }

  retriers(pointer: string): Retrier[] {
    const state = this.states.get(pointer) ?? {};
    const list = Array.isArray(state.Retry) ? state.Retry.filter(isObject) : [];
    return list.map((retrier) => ({
      errors: Array.isArray(retrier.ErrorEquals) ? retrier.ErrorEquals.map(String) : [],
      interval: numberOr(retrier.IntervalSeconds, 1),
      maxAttempts: numberOr(retrier.MaxAttempts, 3),
      backoff: numberOr(retrier.BackoffRate, 2),
      maxDelay: typeof retrier.MaxDelaySeconds === "number" ? retrier.MaxDelaySeconds : undefined,
      jitter: retrier.JitterStrategy === "FULL",
    }));
  }
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === "number" && Number.isFinite(value) ? value : fallback;
}

/** The first retrier naming `error` (an unknown error, a Map's or Parallel's, takes the first). */
export function retrierFor(retriers: Retrier[], error: string | undefined): number {
  if (error === undefined) return retriers.length > 0 ? 0 : -1;
  return retriers.findIndex(
    (retrier) =>
      retrier.errors.includes(error) ||
      (retrier.errors.includes("States.ALL") &&
        error !== "States.Runtime" &&
        error !== "States.DataLimitExceeded") ||
      (retrier.errors.includes("States.TaskFailed") &&
        !error.startsWith("States.") &&
        error !== "States.Timeout"),
  );
}

/** Seconds before retry number `count` (1-based) of `retrier`, capped by MaxDelaySeconds. */
export function retryDelay(retrier: Retrier, count: number): number {
  const delay = retrier.interval * retrier.backoff ** (count - 1);
  return retrier.maxDelay === undefined ? delay : Math.min(delay, retrier.maxDelay);
}
