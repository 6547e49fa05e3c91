/** What the state editors share: the selected state in its place, and how to change it. */

import {
  updateState,
  type Definition,
  type LevelPointer,
  type Patch,
  type QueryLanguage,
  type StatePointer,
} from "../../asl/edits";
import { join } from "../../asl/pointer";
import type { JsonObject } from "../../asl/types";
import type { ApplyEdit, ConnectionInfo, FunctionInfo, WorkflowInfo } from "../types";

export interface StateContext {
  definition: Definition;
  pointer: StatePointer;
  name: string;
  level: LevelPointer;
  state: JsonObject;
  /** The query language in force at the state. */
  language: QueryLanguage;
  /** The names of the states of its level, in key order (where its transitions may go). */
  names: string[];
  /** Proposes a next definition (a no-op in a viewer or when nothing changed). */
  edit: ApplyEdit;
  functions: FunctionInfo[];
  connections: ConnectionInfo[];
  workflows: WorkflowInfo[];
}

/** The pointer of a field (or a deeper part) of the state. */
export function fieldPointer(ctx: StateContext, ...tokens: (string | number)[]): string {
  return join(ctx.pointer, ...tokens);
}

/** The coalescing key for typing into one field: one undo step per field. */
export function typingKey(ctx: StateContext, ...tokens: (string | number)[]): string {
  return `${ctx.pointer}:${tokens.join("/")}`;
}

/** Applies a patch of the state's fields (`undefined` removes one). */
export function patchState(ctx: StateContext, patch: Patch, coalesceKey?: string): void {
  ctx.edit(updateState(ctx.definition, ctx.pointer, patch), coalesceKey);
}

/** Applies a function of the state. */
export function changeState(
  ctx: StateContext,
  change: (state: JsonObject) => JsonObject,
  coalesceKey?: string,
): void {
  ctx.edit(updateState(ctx.definition, ctx.pointer, change), coalesceKey);
}
