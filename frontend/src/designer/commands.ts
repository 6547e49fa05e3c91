/** Selection-based edits the toolbar and the keyboard share: delete, copy, paste. Pure. */

import {
  copyStates,
  deleteStates,
  parseStatePointer,
  pastedNames,
  pasteStates,
  statePointer,
  type Clipboard,
  type Definition,
  type StatePointer,
} from "../asl/edits";
import type { Graph } from "../asl/types";
import { deleteEdge } from "./wiring";

export interface Selection {
  states: StatePointer[];
  edge: string | null;
}

export function deleteSelection(def: Definition, graph: Graph, selection: Selection): Definition {
  if (selection.states.length) return deleteStates(def, selection.states);
  return selection.edge ? deleteEdge(def, graph, selection.edge) : def;
}

export function copySelection(def: Definition, selection: Selection): Clipboard | null {
  if (!selection.states.length) return null;
  const clipboard = copyStates(def, selection.states);
  return clipboard.states.length ? clipboard : null;
}

/** Pastes after the (last) selected state in its level, or at the end of the top level. */
export function pasteAt(
  def: Definition,
  clipboard: Clipboard,
  selection: Selection,
): { definition: Definition; pasted: StatePointer[] } {
  const anchor = selection.states[selection.states.length - 1];
  const level = (anchor && parseStatePointer(anchor)?.level) ?? "";
  const names = pastedNames(def, clipboard);
  const definition = pasteStates(def, clipboard, { level, after: anchor });
  const pasted = clipboard.states.map(([name]) => statePointer(level, names.get(name) ?? name));
  return { definition, pasted: definition === def ? [] : pasted };
}
