/**
 * The designer's session (src/designer/session.ts): what the code view shows, what undo brings
 * back, what an unparsable draft does to the graph, and what Save would send.
 */
import { describe, expect, it } from "vitest";
import { addState, statePointer, updateState } from "../src/asl/edits";
import { toGraph } from "../src/asl/graph";
import { isDirty, open, reduce, textOf, type Action, type Session } from "../src/designer/session";
import { simple } from "./definitions";

const where = () => ({ message: "broken", offset: 3 });
const written = '{"StartAt": "A", "States": {"A": {"Type": "Wait", "Seconds": 1.0, "End": true}}}';

function run(session: Session, ...actions: Action[]): Session {
  return actions.reduce(reduce, session);
}

describe("the designer session", () => {
  it("shows the stored text exactly and is not dirty until something changes", () => {
    const session = open(written, {});
    expect(session.text).toBe(written);
    expect(isDirty(session)).toBe(false);
    expect(textOf(session.history.present)).toContain('"Seconds": 1.0');
  });

  it("keeps the user's own formatting while they type, and the graph follows", () => {
    const typed = written.replace('{"StartAt"', '{"Comment": "x", "StartAt"').replace("1.0", "2");
    const session = run(open(written, {}), { kind: "type", text: typed, locate: where });
    expect(session.text).toBe(typed);
    expect(session.history.present.definition.Comment).toBe("x");
    expect(toGraph(session.history.present.definition).nodes.length).toBeGreaterThan(0);
  });

  it("keeps the last good definition while the text does not parse, and says where", () => {
    const start = open(written, {});
    const session = run(start, { kind: "type", text: '{"StartAt": ', locate: where });
    expect(session.parseError).toEqual({ message: "broken", offset: 3 });
    expect(session.history.present).toBe(start.history.present);
    expect(isDirty(session)).toBe(true);
  });

  it("an edit on the canvas rewrites the text, keeping the tokens of untouched objects", () => {
    const start = open(written, {});
    const next = addState(start.history.present.definition, { level: "", type: "Pass" });
    const session = run(start, {
      kind: "edit",
      definition: next,
      select: statePointer("", "Pass"),
    });
    expect(session.text).toContain('"Seconds": 1.0'); // A was not touched
    expect(JSON.parse(session.text).States.Pass).toEqual({ Type: "Pass", End: true });
    expect(session.selected).toBe("/States/Pass");
  });

  it("undo after typing and an edit goes back step by step to the stored text", () => {
    const start = open(written, {});
    const typed = written.replace("1.0", "5");
    const afterTyping = run(start, { kind: "type", text: typed, locate: where });
    const edited = updateState(afterTyping.history.present.definition, "/States/A", {
      Comment: "c",
    });
    const session = run(afterTyping, { kind: "edit", definition: edited });
    const once = run(session, { kind: "undo" });
    expect(JSON.parse(once.text)).toEqual(JSON.parse(typed));
    const twice = run(once, { kind: "undo" });
    expect(twice.text).toBe(written);
    expect(isDirty(twice)).toBe(false);
    expect(run(twice, { kind: "redo" }, { kind: "redo" }).history.present.definition).toBe(edited);
  });

  it("typing the same definition in another layout adds no undo step", () => {
    const start = open(JSON.stringify(simple), {});
    const session = run(start, {
      kind: "type",
      text: JSON.stringify(simple, null, 4),
      locate: where,
    });
    expect(session.history.past).toHaveLength(0);
    expect(session.text).toBe(JSON.stringify(simple, null, 4));
  });

  it("drops a selection whose state an undo removed", () => {
    const start = open(written, {});
    const next = addState(start.history.present.definition, { level: "", type: "Pass" });
    const added = run(start, { kind: "edit", definition: next, select: "/States/Pass" });
    expect(run(added, { kind: "undo" }).selected).toBeNull();
  });

  it("an import replaces the draft as one undo step; saving makes it clean", () => {
    const other = JSON.stringify(simple, null, 2);
    const imported = run(open(written, {}), { kind: "replace", text: other });
    expect(imported.text).toBe(other);
    expect(imported.history.past).toHaveLength(1);
    expect(isDirty(run(imported, { kind: "saved", text: other }))).toBe(false);
  });
});
