/**
 * The designer's import -> graph -> export path, over every shared conformance definition:
 * exporting gives the same JSON back (values, key order and, with the import's source, every
 * token as written), and toGraph draws one node per state. Then edits on each: an identity edit
 * is the same object, and undo after N edits is the exact original object.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  addState,
  deleteStates,
  insertBetween,
  moveState,
  nameForNew,
  renameState,
  setQueryLanguage,
  statePointer,
  updateState,
  type Definition,
} from "../src/asl/edits";
import { toGraph } from "../src/asl/graph";
import { importDefinition, serialize } from "../src/asl/serialize";
import type { JsonObject } from "../src/asl/types";
import { open, reduce, textOf } from "../src/designer/session";
import { create, push, undo } from "../src/history/history";
import { CASES, jsonFiles } from "./cases";
import { countStates } from "./definitions";
import { containers, deepFreeze, flow } from "./editing";

const TOKEN = /"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null|[{}[\]:,]/g;

/** JSON tokens with their offsets, whitespace dropped (an independent, regex-only reading). */
function tokens(text: string): { text: string; at: number }[] {
  return [...text.matchAll(TOKEN)].map((match) => ({ text: match[0], at: match.index }));
}

/** The text of the case file's top-level "definition" value, exactly as written. */
function definitionText(file: string): string {
  const text = readFileSync(file, "utf8");
  const all = tokens(text);
  let depth = 0;
  for (let i = 0; i < all.length; i++) {
    const token = all[i].text;
    if (depth === 1 && token === '"definition"' && all[i + 1].text === ":") {
      const start = i + 2;
      let end = start;
      for (let level = 0; ; end++) {
        if ("{[".includes(all[end].text)) level++;
        if ("}]".includes(all[end].text)) level--;
        if (level === 0) break;
      }
      return text.slice(all[start].at, all[end].at + all[end].text.length);
    }
    if ("{[".includes(token)) depth++;
    if ("}]".includes(token)) depth--;
  }
  throw new Error(`${file} has no definition`);
}

const sameTokens = (a: string, b: string) =>
  tokens(a)
    .map((t) => t.text)
    .join(" ") ===
  tokens(b)
    .map((t) => t.text)
    .join(" ");

if (!CASES) console.warn("round trip: shared/conformance/cases is absent, so no definition ran");

describe.skipIf(!CASES)("import -> graph -> export, for every conformance definition", () => {
  const cases = CASES ? jsonFiles(CASES).map((file) => [file, definitionText(file)] as const) : [];

  it("exports the same JSON: values, key order, and every token as written", () => {
    expect(cases.length).toBeGreaterThan(0);
    let respelled = 0;
    for (const [file, text] of cases) {
      const original = JSON.parse(text);
      const imported = importDefinition(text);
      const exported = serialize(imported.definition, imported.source);
      expect(JSON.parse(exported), file).toEqual(original);
      expect(JSON.stringify(JSON.parse(exported)), file).toBe(JSON.stringify(original));
      expect(sameTokens(exported, text), file).toBe(true);
      expect(
        toGraph(imported.definition).nodes.filter((node) => node.kind === "state").length,
        file,
      ).toBe(countStates(original));
      // Without the source, the text changes exactly when the import reported something.
      const plain = serialize(original);
      expect(JSON.parse(plain), file).toEqual(original);
      expect(sameTokens(plain, text), file).toBe(imported.issues.length === 0);
      if (imported.issues.length > 0) respelled++;
    }
    console.info(
      `round trip: ${cases.length} definitions exported token for token; ${respelled} hold numbers ` +
        "(0.0, 1.0) that JSON.parse alone would rewrite, kept by the import's source",
    );
  });

  it("goes through the designer's own session: open, draw, edit, undo, export", () => {
    for (const [file, text] of cases) {
      const opened = open(text, {});
      const definition = opened.history.present.definition;
      expect(opened.text, file).toBe(text); // what Export and Save send, unedited
      expect(toGraph(definition).nodes.filter((node) => node.kind === "state").length, file).toBe(
        countStates(JSON.parse(text)),
      );
      const added = addState(definition, { level: "", type: "Pass" });
      const edited = reduce(opened, { kind: "edit", definition: added });
      expect(JSON.parse(edited.text), file).toEqual(added);
      const undone = reduce(edited, { kind: "undo" });
      expect(undone.text, file).toBe(text);
      expect(
        JSON.parse(textOf({ definition, source: opened.history.present.source })),
        file,
      ).toEqual(JSON.parse(text));
    }
  });

  it("gives the same object back for identity edits", () => {
    for (const [file, text] of cases) {
      const definition = deepFreeze(importDefinition(text).definition as Definition);
      const [name, state] = Object.entries(definition.States as JsonObject)[0] as [
        string,
        JsonObject,
      ];
      const pointer = statePointer("", name);
      expect(updateState(definition, pointer, { Type: state.Type }), file).toBe(definition);
      expect(
        updateState(definition, pointer, (value) => ({ ...value })),
        file,
      ).toBe(definition);
      const same = renameState(definition, pointer, name);
      expect(same.ok && same.definition, file).toBe(definition);
      expect(moveState(definition, pointer, { level: "", after: null }), file).toBe(definition);
    }
  });

  it("undoes N edits back to the exact original object", () => {
    for (const [file, text] of cases) {
      const original = deepFreeze(importDefinition(text).definition as Definition);
      const edits = editsFor(original);
      let history = create(original);
      for (const edit of edits) history = push(history, edit(history.present));
      expect(history.past.length, file).toBe(edits.length);
      for (let i = 0; i < edits.length; i++) history = undo(history);
      expect(history.present, file).toBe(original);
    }
  });
});

/** Six edits that each change any definition. */
function editsFor(def: Definition): ((def: Definition) => Definition)[] {
  const first = Object.keys(def.States as JsonObject)[0];
  const added = nameForNew(def, { type: "Wait" });
  return [
    (d) => addState(d, { level: "", type: "Wait" }),
    (d) => updateState(d, statePointer("", added), { Seconds: 2 }),
    (d) => moveState(d, statePointer("", added), { level: "", after: null }),
    (d) => insertBetween(d, { from: "", edge: { kind: "start" } }, { type: "Pass" }),
    (d) => deleteStates(d, [statePointer("", added)]),
    (d) => {
      const renamed = renameState(
        d,
        statePointer("", first),
        nameForNew(d, { type: "Pass", name: `${first}!` }),
      );
      return renamed.ok ? renamed.definition : d;
    },
  ];
}

describe("edits and history on the fixtures", () => {
  it("never change their input (the fixtures are frozen, and read the same afterwards)", () => {
    for (const def of [flow, containers]) {
      const before = JSON.stringify(def);
      let current = def;
      for (const edit of editsFor(def)) {
        const next = edit(current);
        expect(next).not.toBe(current);
        current = deepFreeze(next);
      }
      expect(JSON.stringify(def)).toBe(before);
    }
  });

  it("undo after N edits returns the exact original object, redo-free", () => {
    let history = create(flow);
    history = push(history, setQueryLanguage(history.present, "", "JSONata"));
    history = push(history, updateState(history.present, "/States/Wait", { Seconds: 9 }), {
      coalesceKey: "s",
    });
    history = push(history, updateState(history.present, "/States/Wait", { Seconds: 10 }), {
      coalesceKey: "s",
    });
    history = push(history, deleteStates(history.present, ["/States/Done"]));
    expect(history.past).toHaveLength(3);
    expect(undo(undo(undo(history))).present).toBe(flow);
    const untouched = push(create(containers), updateState(containers, "/States/M", { End: true }));
    expect(untouched.present).toBe(containers);
    expect(untouched.past).toHaveLength(0);
  });
});
