/** What the approval editor's parts share: the specification, its pointers, and its edits. */

import { approvalKey } from "../../asl/approval";
import { setApprovalValue, type SpecPath } from "../../asl/edits";
import { isObject, type JsonObject } from "../../asl/types";
import { fieldPointer, typingKey, type StateContext } from "./shared";

export interface SpecEditor {
  ctx: StateContext;
  /** `Parameters` or `Arguments`. */
  key: "Parameters" | "Arguments";
  spec: JsonObject;
  /** The pointer of a place in the specification (for its diagnostics). */
  at: (...path: SpecPath) => string;
  /** Sets (or, emptied, removes) a value; typing into one place is one undo step. */
  set: (path: SpecPath, value: unknown) => void;
}

/** The editor of the state's specification; undefined when it is not an object (an expression). */
export function specEditor(ctx: StateContext): SpecEditor | undefined {
  const key = approvalKey(ctx.language);
  const spec = ctx.state[key] ?? {};
  if (!isObject(spec)) return undefined;
  return {
    ctx,
    key,
    spec,
    at: (...path) => fieldPointer(ctx, key, ...path),
    set: (path, value) =>
      ctx.edit(
        setApprovalValue(ctx.definition, ctx.pointer, path, value),
        typingKey(ctx, key, ...path),
      ),
  };
}

/** The object at `path` in the specification (an empty one when absent or not an object). */
export function objectAt(spec: JsonObject, ...path: string[]): JsonObject {
  let node: unknown = spec;
  for (const key of path) node = isObject(node) ? node[key] : undefined;
  return isObject(node) ? node : {};
}
