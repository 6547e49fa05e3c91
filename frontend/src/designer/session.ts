/**
 * The designer's state as a pure reducer: a history of documents (the definition and the
 * source tokens it was read with), the code view's text, the selection and what was saved.
 * The definition is the only thing edited; the graph and the text are derived from it, except
 * while the user types JSON: then the text is theirs and the definition follows when it parses.
 */

import type { Definition, StatePointer } from "../asl/edits";
import { locate } from "../asl/edits";
import { importDefinition, serialize, type Source } from "../asl/serialize";
import { isObject } from "../asl/types";
import * as history from "../history/history";

export interface Doc {
  definition: Definition;
  source: Source | undefined;
  /** The text it was read from (opened, typed, imported); an edit's doc is written afresh. */
  text?: string;
}

export interface ParseProblem {
  message: string;
  offset: number;
}

export interface Session {
  history: history.History<Doc>;
  /** What the code view shows: the user's own text while they type, else the export text. */
  text: string;
  /** Set while `text` is not a JSON object; the graph keeps `history.present`. */
  parseError: ParseProblem | null;
  selected: StatePointer | null;
  /** The text last saved (or opened); the page is dirty while `text` differs from it. */
  savedText: string;
}

export type Action =
  | { kind: "edit"; definition: Definition; coalesceKey?: string; select?: StatePointer | null }
  | { kind: "type"; text: string; locate: (text: string) => ParseProblem }
  | { kind: "replace"; text: string }
  | { kind: "undo" }
  | { kind: "redo" }
  | { kind: "select"; pointer: StatePointer | null }
  | { kind: "saved"; text: string };

/** Reads definition text; undefined when it is not JSON or not an object. */
export function readDoc(text: string): Doc | undefined {
  try {
    const { definition, source } = importDefinition(text);
    return isObject(definition) ? { definition, source, text } : undefined;
  } catch {
    return undefined;
  }
}

export function open(text: string, fallback: Definition): Session {
  const doc = readDoc(text) ?? { definition: fallback, source: undefined };
  return {
    history: history.create(doc),
    text,
    parseError: null,
    selected: null,
    savedText: text,
  };
}

export function textOf(doc: Doc): string {
  return doc.text ?? serialize(doc.definition, doc.source);
}

export function reduce(session: Session, action: Action): Session {
  switch (action.kind) {
    case "edit":
      return edit(session, action);
    case "type":
      return type(session, action.text, action.locate);
    case "replace": {
      const doc = readDoc(action.text);
      if (!doc) return session;
      return { ...show(session, history.push(session.history, doc)), text: action.text };
    }
    case "undo":
      return show(session, history.undo(session.history));
    case "redo":
      return show(session, history.redo(session.history));
    case "select":
      return { ...session, selected: action.pointer };
    case "saved":
      return { ...session, savedText: action.text };
  }
}

function edit(session: Session, action: Extract<Action, { kind: "edit" }>): Session {
  const present = session.history.present;
  const selected = action.select === undefined ? session.selected : action.select;
  if (action.definition === present.definition) return { ...session, selected };
  const doc = { definition: action.definition, source: present.source };
  const next = history.push(session.history, doc, { coalesceKey: action.coalesceKey });
  return { ...show(session, next), selected };
}

/** The user typed: the text is kept as typed; the definition follows when the text parses. */
function type(session: Session, text: string, where: (text: string) => ParseProblem): Session {
  const doc = readDoc(text);
  if (!doc) return { ...session, text, parseError: where(text) };
  const present = session.history.present;
  const same = JSON.stringify(doc.definition) === JSON.stringify(present.definition);
  const next = same ? session.history : history.push(session.history, doc, { coalesceKey: "code" });
  return keepSelection({ ...session, history: next, text, parseError: null });
}

/** A new present from history: the text becomes its export text. */
function show(session: Session, next: history.History<Doc>): Session {
  if (next === session.history) return session;
  return keepSelection({ ...session, history: next, text: textOf(next.present), parseError: null });
}

/** A selection that names no state any more is dropped. */
function keepSelection(session: Session): Session {
  const { selected } = session;
  if (selected === null || locate(session.history.present.definition, selected)) return session;
  return { ...session, selected: null };
}

export function isDirty(session: Session): boolean {
  return session.text !== session.savedText;
}
