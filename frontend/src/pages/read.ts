/** Reads what the Django template put in the page: definitions in json_script blocks, diff options. */

import { diffStates, type Side } from "../asl/diff";
import type { DiffMark } from "../asl/types";

export class MountError extends Error {}

/** The parsed JSON of `<script type="application/json" id=…>`; a JSON string is parsed once more. */
export function readScript(id: string | undefined): unknown {
  const script = id ? document.getElementById(id) : null;
  if (!script) throw new MountError(`No definition script with id "${id ?? ""}" in the page.`);
  try {
    const value: unknown = JSON.parse(script.textContent ?? "");
    return typeof value === "string" ? parseOrKeep(value) : value;
  } catch {
    throw new MountError(`The definition in "${id}" is not valid JSON.`);
  }
}

function parseOrKeep(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Diff marks when `data-against` names another definition; none when it is absent or missing. */
export function readMarks(element: HTMLElement, definition: unknown): Map<string, DiffMark> {
  const againstId = element.dataset.against;
  if (!againstId || !document.getElementById(againstId)) return new Map();
  const side: Side = element.dataset.side === "old" ? "old" : "new";
  return diffStates(definition, readScript(againstId), side);
}
