/**
 * The designer's state and every change to it, for Designer.tsx: the session (history, text,
 * selection), the drawn graph, what is selected on the canvas, and the edits the canvas, the
 * palette and the keyboard make.
 */

import { useCallback, useMemo, useReducer, useRef, useState } from "react";
import { type Clipboard, type Definition, type StatePointer } from "../asl/edits";
import { canRedo, canUndo } from "../history/history";
import { locateParseError } from "../code/parseError";
import { copySelection, deleteSelection, pasteAt, type Selection } from "./commands";
import { paletteSpec, placeState, type DropTarget } from "./drop";
import { keptDraft } from "./drafts";
import { open, reduce, type Session } from "./session";
import type { DesignerConfig } from "./types";
import type { Graph } from "../asl/types";
import { useLayout } from "./useLayout";
import { connectNodes, dropStateOn, moveEdge } from "./wiring";

const EMPTY: Definition = { StartAt: "", States: {} };

/** Where the typed text stops being a definition: a JSON syntax error, or not an object. */
function whereBroken(text: string): { message: string; offset: number } {
  const broken = locateParseError(text);
  if (broken) return { message: broken.message, offset: broken.offset };
  return { message: 'A definition is a JSON object: { "StartAt": …, "States": {…} }', offset: 0 };
}

function start(config: DesignerConfig): { session: Session; restored: string | null } {
  let session = open(config.source, EMPTY);
  const kept = keptDraft(config.workflow, config.version);
  if (!kept || kept.text === config.source) return { session, restored: null };
  session = reduce(session, { kind: "replace", text: kept.text });
  return { session, restored: kept.savedAt };
}

export function useDesigner(config: DesignerConfig) {
  const first = useRef<ReturnType<typeof start>>(undefined);
  first.current ??= start(config);
  const [session, dispatch] = useReducer(reduce, first.current.session);
  const [edge, setEdge] = useState<string | null>(null);
  const [extra, setExtra] = useState<StatePointer[]>([]);
  const clipboard = useRef<Clipboard | null>(null);
  const definition = session.history.present.definition;
  const drawn = useLayout(definition);

  const states = useMemo(() => {
    const chosen = new Set(extra);
    if (session.selected) chosen.add(session.selected);
    return [...chosen];
  }, [extra, session.selected]);
  const selection: Selection = { states, edge };

  const edit = useCallback(
    (next: Definition, coalesceKey?: string, select?: StatePointer | null) =>
      dispatch({ kind: "edit", definition: next, coalesceKey, select }),
    [],
  );
  const select = useCallback((pointers: StatePointer[], edgeId: string | null = null) => {
    setExtra(pointers.slice(0, -1));
    setEdge(edgeId);
    dispatch({ kind: "select", pointer: pointers[pointers.length - 1] ?? null });
  }, []);

  // The canvas's handlers read the latest state through a ref, so they keep one identity and
  // the memoized canvas is not re-rendered by them on every keystroke.
  const latest = useRef({ definition, graph: drawn.graph });
  latest.current = { definition, graph: drawn.graph };
  const place = useCallback(
    (paletteId: string, target: DropTarget) => {
      const { definition, graph } = latest.current;
      const spec = paletteSpec(paletteId);
      const placed = spec && placeState(definition, graph, spec, target);
      if (!placed) return;
      setExtra([]);
      edit(placed.definition, undefined, placed.pointer);
    },
    [edit],
  );
  const gesture = useMemo(() => {
    const apply = (change: (definition: Definition, graph: Graph) => Definition) =>
      edit(change(latest.current.definition, latest.current.graph));
    return {
      connect: (source: string, target: string) =>
        apply((d, g) => connectNodes(d, g, source, target)),
      moveEdge: (id: string, source: string, target: string) =>
        apply((d, g) => moveEdge(d, g, id, source, target)),
      dropState: (moved: string, onto: string) => apply((d, g) => dropStateOn(d, g, moved, onto)),
    };
  }, [edit]);
  const addFromPalette = (paletteId: string) =>
    place(
      paletteId,
      session.selected ? { kind: "node", id: session.selected } : { kind: "canvas" },
    );

  const remove = () => {
    const next = deleteSelection(definition, drawn.graph, selection);
    if (next !== definition) select([]);
    edit(next, undefined, null);
  };
  const copy = () => {
    clipboard.current = copySelection(definition, selection) ?? clipboard.current;
  };
  const paste = () => {
    if (!clipboard.current) return;
    const { definition: next, pasted } = pasteAt(definition, clipboard.current, selection);
    setExtra(pasted.slice(0, -1));
    edit(next, undefined, pasted[pasted.length - 1] ?? null);
  };

  return {
    session,
    definition,
    drawn,
    selection,
    restoredFrom: first.current.restored,
    canUndo: canUndo(session.history),
    canRedo: canRedo(session.history),
    edit,
    select,
    undo: () => dispatch({ kind: "undo" }),
    redo: () => dispatch({ kind: "redo" }),
    type: (text: string) => dispatch({ kind: "type", text, locate: whereBroken }),
    replace: (text: string) => dispatch({ kind: "replace", text }),
    saved: (text: string) => dispatch({ kind: "saved", text }),
    addFromPalette,
    dropPalette: place,
    remove,
    copy,
    paste,
    ...gesture,
  };
}

export type DesignerModel = ReturnType<typeof useDesigner>;
