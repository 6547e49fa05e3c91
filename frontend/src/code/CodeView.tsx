/**
 * The designer's code view: the definition's JSON text in CodeMirror 6. The text is owned by the
 * caller; the editor reports the user's typing (onChange) and is brought in line, with an
 * annotation, when the text changes from outside. Undo and redo are Baton's, not CodeMirror's.
 */

import "./code.css";
import { setDiagnostics, type Diagnostic } from "@codemirror/lint";
import { Compartment, EditorState, type Text } from "@codemirror/state";
import { EditorView } from "@codemirror/view";
import { useEffect, useLayoutEffect, useRef, type JSX } from "react";
import { codeExtensions, externalWrite, readOnlyExtension } from "./setup";
import { changeBetween } from "./textChange";

export interface CodeViewProps {
  /** The text to show; an outside change (an undo, a graph edit) updates the editor unless equal. */
  text: string;
  readOnly: boolean;
  /** Where the current text stops being JSON: an underline, a hover message and a gutter marker. */
  parseError: { message: string; offset: number } | null;
  /** The user typed (never called for the text prop's own writes). */
  onChange: (text: string) => void;
  onUndo: () => void;
  onRedo: () => void;
  /** Select and scroll to a range (e.g. the selected state's text). */
  highlight?: { from: number; to: number } | null;
}

type Callbacks = Pick<CodeViewProps, "onChange" | "onUndo" | "onRedo">;

export function CodeView(props: CodeViewProps): JSX.Element {
  const { text, readOnly, parseError, highlight } = props;
  const parent = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const callbacks = useRef<Callbacks>(props);
  const readOnlySlot = useRef(new Compartment());

  useLayoutEffect(() => {
    callbacks.current = props;
  });

  useEffect(() => {
    const editor = createEditor(parent.current!, text, readOnly, readOnlySlot.current, callbacks);
    view.current = editor;
    return () => {
      view.current = null;
      editor.destroy();
    };
    // Created once (empty deps on purpose); the effects below bring later props in.
  }, []);

  useEffect(() => {
    const editor = view.current;
    const change = editor && changeBetween(editor.state.doc.toString(), text);
    if (editor && change) editor.dispatch({ changes: change, annotations: externalWrite.of(true) });
  }, [text]);

  useEffect(() => {
    view.current?.dispatch({
      effects: readOnlySlot.current.reconfigure(readOnlyExtension(readOnly)),
    });
  }, [readOnly]);

  const errorOffset = parseError?.offset;
  const errorMessage = parseError?.message;
  useEffect(() => {
    const editor = view.current;
    if (!editor) return;
    const diagnostics =
      errorOffset === undefined || errorMessage === undefined
        ? []
        : [diagnosticAt(editor.state.doc, errorOffset, errorMessage)];
    editor.dispatch(setDiagnostics(editor.state, diagnostics));
  }, [errorOffset, errorMessage, text]);

  const highlightFrom = highlight?.from;
  const highlightTo = highlight?.to;
  useEffect(() => {
    const editor = view.current;
    // Never while the user is in the text: moving their caret would break their typing.
    if (!editor || editor.hasFocus) return;
    if (highlightFrom === undefined || highlightTo === undefined) return;
    const length = editor.state.doc.length;
    const from = clamp(highlightFrom, length);
    const to = clamp(highlightTo, length);
    editor.dispatch({
      selection: { anchor: from, head: to },
      effects: EditorView.scrollIntoView(from, { y: "start", yMargin: 24 }),
    });
  }, [highlightFrom, highlightTo]);

  return <div ref={parent} data-testid="code-editor" className="bt-code" />;
}

function createEditor(
  parent: HTMLElement,
  text: string,
  readOnly: boolean,
  readOnlySlot: Compartment,
  callbacks: { current: Callbacks },
): EditorView {
  const reportTyping = EditorView.updateListener.of((update) => {
    const typed = update.transactions.some((tr) => tr.docChanged && !tr.annotation(externalWrite));
    if (typed) callbacks.current.onChange(update.state.doc.toString());
  });
  const history = {
    undo: () => callbacks.current.onUndo(),
    redo: () => callbacks.current.onRedo(),
  };
  const state = EditorState.create({
    doc: text,
    extensions: [
      codeExtensions(history),
      readOnlySlot.of(readOnlyExtension(readOnly)),
      reportTyping,
    ],
  });
  return new EditorView({ state, parent });
}

/** The token at the offset (at least one character), or a point at the end of the text. */
function diagnosticAt(doc: Text, offset: number, message: string): Diagnostic {
  const from = clamp(offset, doc.length);
  const line = doc.lineAt(from);
  const rest = line.text.slice(from - line.from);
  const token = /^("(?:[^"\\]|\\.)*"?|[\w.+-]+|.)/.exec(rest)?.[0] ?? "";
  return { from, to: from + token.length, severity: "error", message, source: "JSON" };
}

function clamp(offset: number, length: number): number {
  return Math.max(0, Math.min(offset, length));
}
