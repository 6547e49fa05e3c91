/**
 * Undo / redo as a stack of values (definitions): pure, each operation a new history. Only
 * what the user edits goes in; selection, viewport and an unparsable draft stay outside, so
 * changing them never breaks or adds an undo step.
 */

export interface History<T> {
  readonly past: readonly T[];
  readonly present: T;
  readonly future: readonly T[];
  /** The coalesce key of the push that made `present`; undo / redo clear it. */
  readonly coalesceKey?: string;
  /** At most this many undo steps are kept; the oldest go first. */
  readonly limit: number;
}

export const DEFAULT_LIMIT = 200;

export function create<T>(present: T, limit = DEFAULT_LIMIT): History<T> {
  return { past: [], present, future: [], limit: Math.max(0, limit) };
}

export interface PushOptions {
  /**
   * Consecutive pushes with the same key make one step: each replaces the present instead of
   * adding a step (typing into one field). Any other push, undo or redo ends the run.
   */
  coalesceKey?: string;
}

/** `next` as the present; the same history back when `next` is the present already. */
export function push<T>(history: History<T>, next: T, options: PushOptions = {}): History<T> {
  if (Object.is(next, history.present)) return history;
  const key = options.coalesceKey;
  const coalesce = key !== undefined && key === history.coalesceKey && history.past.length > 0;
  const past = coalesce ? history.past : [...history.past, history.present];
  return {
    past: past.slice(Math.max(0, past.length - history.limit)),
    present: next,
    future: [],
    coalesceKey: key,
    limit: history.limit,
  };
}

export function canUndo<T>(history: History<T>): boolean {
  return history.past.length > 0;
}

export function canRedo<T>(history: History<T>): boolean {
  return history.future.length > 0;
}

export function undo<T>(history: History<T>): History<T> {
  if (!canUndo(history)) return history;
  const { past, present, future, limit } = history;
  return {
    past: past.slice(0, -1),
    present: past[past.length - 1],
    future: [present, ...future],
    limit,
  };
}

export function redo<T>(history: History<T>): History<T> {
  if (!canRedo(history)) return history;
  const { past, present, future, limit } = history;
  return { past: [...past, present], present: future[0], future: future.slice(1), limit };
}
