import { describe, expect, it } from "vitest";
import { canRedo, canUndo, create, push, redo, undo } from "../src/history/history";

const values = (n: number) => Array.from({ length: n }, (_, i) => ({ step: i }));

describe("history", () => {
  it("starts with nothing to undo or redo", () => {
    const history = create("a");
    expect(history).toMatchObject({ past: [], present: "a", future: [] });
    expect(canUndo(history) || canRedo(history)).toBe(false);
    expect(undo(history)).toBe(history);
    expect(redo(history)).toBe(history);
  });

  it("adds no step when the pushed value is the present object", () => {
    const value = { a: 1 };
    const history = create(value);
    expect(push(history, value)).toBe(history);
    expect(push(history, { a: 1 })).not.toBe(history);
  });

  it("undoes and redoes the exact objects, and a push clears what could be redone", () => {
    const [a, b, c] = values(3);
    let history = push(push(create(a), b), c);
    history = undo(history);
    expect(history.present).toBe(b);
    expect(canRedo(history)).toBe(true);
    expect(redo(history).present).toBe(c);
    expect(undo(undo(history)).present).toBe(a);
    const d = { step: 9 };
    const branched = push(history, d);
    expect(branched.future).toEqual([]);
    expect(undo(branched).present).toBe(b);
  });

  it("coalesces consecutive pushes with the same key into one step", () => {
    const [a, b, c, d] = values(4);
    let history = push(create(a), b, { coalesceKey: "/States/X:Comment" });
    history = push(history, c, { coalesceKey: "/States/X:Comment" });
    expect(history.past).toEqual([a]);
    expect(history.present).toBe(c);
    history = push(history, d, { coalesceKey: "/States/X:Seconds" });
    expect(history.past).toEqual([a, c]);
    expect(undo(undo(history)).present).toBe(a);
  });

  it("ends a coalescing run at an undo, a redo or an unkeyed push", () => {
    const [a, b, c, d] = values(4);
    const typed = push(create(a), b, { coalesceKey: "k" });
    const afterUndo = push(redo(undo(typed)), c, { coalesceKey: "k" });
    expect(afterUndo.past).toEqual([a, b]);
    const afterPlain = push(push(typed, c), d, { coalesceKey: "k" });
    expect(afterPlain.past).toEqual([a, b, c]);
  });

  it("keeps at most `limit` steps, dropping the oldest", () => {
    let history = create<{ step: number }>({ step: -1 }, 3);
    for (const value of values(5)) history = push(history, value);
    expect(history.past.map((value) => value.step)).toEqual([1, 2, 3]);
    expect(create(0).limit).toBe(200);
    let big = create(0);
    for (let i = 1; i <= 250; i++) big = push(big, i);
    expect(big.past).toHaveLength(200);
    expect(big.past[0]).toBe(50);
  });
});
