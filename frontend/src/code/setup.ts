/**
 * The code view's CodeMirror extensions: JSON with Baton's colours (CSS variables, so light and
 * dark follow the page), the usual editing aids, and no history of its own: Mod-z, Mod-Shift-z and
 * Mod-y call Baton's undo / redo.
 */

import { defaultKeymap } from "@codemirror/commands";
import { json } from "@codemirror/lang-json";
import {
  HighlightStyle,
  bracketMatching,
  foldGutter,
  foldKeymap,
  indentOnInput,
  syntaxHighlighting,
} from "@codemirror/language";
import { lintGutter } from "@codemirror/lint";
import { Annotation, EditorState, Prec, type Extension } from "@codemirror/state";
import {
  EditorView,
  drawSelection,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  keymap,
  lineNumbers,
} from "@codemirror/view";
import { tags } from "@lezer/highlight";

/** Marks Baton's own writes (model -> text), so the change listener does not report them back. */
export const externalWrite = Annotation.define<boolean>();

const highlightStyle = HighlightStyle.define([
  { tag: tags.propertyName, color: "var(--btg-accent)" },
  { tag: tags.string, color: "var(--btg-ok)" },
  { tag: tags.number, color: "var(--btg-warn)" },
  { tag: [tags.bool, tags.null], color: "var(--btg-danger)", fontWeight: "600" },
  { tag: [tags.brace, tags.squareBracket, tags.separator], color: "var(--btg-muted)" },
]);

const theme = EditorView.theme({
  "&": {
    height: "100%",
    color: "var(--btg-text)",
    backgroundColor: "var(--btg-surface)",
    fontSize: "13px",
  },
  "&.cm-focused": { outline: "2px solid var(--btg-focus)", outlineOffset: "-2px" },
  ".cm-scroller": {
    overflow: "auto",
    fontFamily: "var(--bt-mono, ui-monospace, SFMono-Regular, Menlo, Consolas, monospace)",
    lineHeight: "1.5",
  },
  ".cm-content": { caretColor: "var(--btg-text)" },
  ".cm-cursor, .cm-dropCursor": { borderLeftColor: "var(--btg-text)" },
  "&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, .cm-content ::selection":
    { backgroundColor: "color-mix(in srgb, var(--btg-accent) 28%, transparent)" },
  ".cm-activeLine": {
    backgroundColor: "color-mix(in srgb, var(--btg-surface-2) 55%, transparent)",
  },
  ".cm-gutters": {
    backgroundColor: "var(--btg-surface-2)",
    color: "var(--btg-muted)",
    borderRight: "1px solid var(--btg-border)",
  },
  ".cm-activeLineGutter": { backgroundColor: "var(--btg-surface)", color: "var(--btg-text)" },
  ".cm-foldPlaceholder": {
    backgroundColor: "var(--btg-surface-2)",
    border: "1px solid var(--btg-border)",
    color: "var(--btg-muted)",
  },
  "&.cm-focused .cm-matchingBracket": {
    backgroundColor: "color-mix(in srgb, var(--btg-accent) 22%, transparent)",
    outline: "1px solid color-mix(in srgb, var(--btg-accent) 55%, transparent)",
  },
  "&.cm-focused .cm-nonmatchingBracket": {
    backgroundColor: "color-mix(in srgb, var(--btg-danger) 25%, transparent)",
  },
  ".cm-lintRange-error": {
    backgroundImage: "none",
    textDecoration: "underline wavy var(--btg-danger)",
    textDecorationSkipInk: "none",
  },
  ".cm-lintPoint-error:after": { borderBottomColor: "var(--btg-danger)" },
  ".cm-tooltip": {
    backgroundColor: "var(--btg-surface)",
    color: "var(--btg-text)",
    border: "1px solid var(--btg-border)",
    borderRadius: "6px",
    boxShadow: "var(--btg-shadow)",
  },
  ".cm-diagnostic-error": { borderLeftColor: "var(--btg-danger)" },
  "&.cm-readonly .cm-content": { caretColor: "transparent" },
});

export interface HistoryKeys {
  undo(): void;
  redo(): void;
}

/** Baton's undo and redo, above every other binding. */
function historyKeys(history: HistoryKeys): Extension {
  const run = (action: () => void) => () => {
    action();
    return true;
  };
  return Prec.highest(
    keymap.of([
      { key: "Mod-z", run: run(() => history.undo()), preventDefault: true },
      { key: "Mod-Shift-z", run: run(() => history.redo()), preventDefault: true },
      { key: "Mod-y", run: run(() => history.redo()), preventDefault: true },
    ]),
  );
}

/** Read-only: no edits, no caret; the content stays focusable so it can be read by keyboard. */
export function readOnlyExtension(readOnly: boolean): Extension {
  return [
    EditorState.readOnly.of(readOnly),
    EditorView.editable.of(!readOnly),
    readOnly ? EditorView.contentAttributes.of({ tabindex: "0", "aria-readonly": "true" }) : [],
    readOnly ? EditorView.editorAttributes.of({ class: "cm-readonly" }) : [],
  ];
}

export function codeExtensions(history: HistoryKeys): Extension[] {
  return [
    historyKeys(history),
    lineNumbers(),
    highlightActiveLineGutter(),
    foldGutter(),
    lintGutter(),
    highlightSpecialChars(),
    drawSelection(),
    indentOnInput(),
    bracketMatching(),
    highlightActiveLine(),
    json(),
    syntaxHighlighting(highlightStyle),
    keymap.of([...defaultKeymap, ...foldKeymap]),
    theme,
    EditorView.contentAttributes.of({ "aria-label": "Workflow definition (JSON)" }),
  ];
}
