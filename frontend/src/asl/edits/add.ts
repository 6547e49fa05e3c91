/** Adding states: from the palette into a level, or onto an edge. */

import type { JsonObject } from "../types";
import { connect } from "./connect";
import { levelBody, locate, parseStatePointer, statePointer, updateLevel } from "./core";
import { languageAt } from "./language";
import { checkName, freeName } from "./names";
import { setKey, setKeyAfter, setStartAt } from "./objects";
import { canHaveNext, referencesOf, sameEdge } from "./refs";
import { blueprint, type TemplateId, type TemplateOptions } from "./templates";
import type { Definition, Edge, EdgeRef, Position, StatePointer, StateType } from "./types";

export interface NewState {
  type: StateType;
  /** Used as it is when free and valid; otherwise the base of a free name. Default: the type. */
  name?: string;
  /** Task templates; ignored for other types. */
  template?: TemplateId;
  options?: TemplateOptions;
}

export type AddArgs = NewState & Position;

/**
 * The name `addState` / `insertBetween` will give the new state, so the caller can select
 * `statePointer(level, name)` afterwards.
 */
export function nameForNew(def: Definition, spec: NewState): string {
  if (spec.name !== undefined && !checkName(def, spec.name)) return spec.name;
  return freeName(def, spec.name || spec.type);
}

/**
 * A new state with the minimal valid fields of its type, placed in the level's key order
 * (see Position). It is not connected: it ends (`End: true`) where its type can, and a Choice
 * starts with one rule and no targets for the author to connect. When the level has no usable
 * `StartAt` (an emptied level), the new state becomes its start.
 */
export function addState(def: Definition, args: AddArgs): Definition {
  if (!levelBody(def, args.level)) return def;
  const name = nameForNew(def, args);
  const state = build(def, args, name);
  const after = anchorIn(args.level, args.after);
  return updateLevel(def, args.level, (level) => {
    const states = setKeyAfter(level.States as JsonObject, name, state, after);
    const withStates = setKey(level, "States", states);
    return hasStart(level) ? withStates : setStartAt(withStates, name);
  });
}

function build(def: Definition, spec: NewState & { level: string }, name: string): JsonObject {
  const inner: string[] = [];
  const allocate = (base: string) => {
    const picked = freeName(def, base, [name, ...inner]);
    inner.push(picked);
    return picked;
  };
  const language = languageAt(def, spec.level);
  return blueprint({ ...spec, name, language, allocate });
}

/** The key-order anchor: a state's name when it is in `level`; null for first; else last. */
function anchorIn(level: string, after: StatePointer | null | undefined) {
  if (after === null) return null;
  const parsed = after === undefined ? undefined : parseStatePointer(after);
  return parsed && parsed.level === level ? parsed.name : undefined;
}

function hasStart(level: JsonObject): boolean {
  const states = level.States as JsonObject;
  return typeof level.StartAt === "string" && Object.hasOwn(states, level.StartAt);
}

/**
 * A new state on an edge: the edge now goes to it, and it goes where the edge went (`Next`,
 * or for a Choice its one rule and `Default`; a Succeed or Fail goes nowhere, so whatever
 * followed may become unreachable). On an `end` edge the source's `End` becomes `Next` and the
 * new state ends; on `start` it becomes the level's `StartAt`. It is placed after its source
 * in key order (first for `start`). `to`, when given, must be where the edge goes now.
 */
export function insertBetween(
  def: Definition,
  ref: EdgeRef & { to?: StatePointer },
  spec: NewState,
): Definition {
  const site = edgeSite(def, ref);
  if (!site || (ref.to !== undefined && ref.to !== site.target)) return def;
  const name = nameForNew(def, spec);
  const after = ref.edge.kind === "start" ? null : ref.from;
  const added = addState(def, { ...spec, name, level: site.level, after });
  const created = statePointer(site.level, name);
  const linked = site.target === undefined ? added : link(added, created, site.target);
  const edge: Edge = ref.edge.kind === "end" ? { kind: "next" } : ref.edge;
  return connect(linked, { from: ref.from, edge, to: created });
}

interface Site {
  level: string;
  /** Pointer of the state the edge goes to now; undefined for an `end` edge. */
  target?: StatePointer;
}

function edgeSite(def: Definition, ref: EdgeRef): Site | undefined {
  if (ref.edge.kind === "start") {
    const body = levelBody(def, ref.from);
    if (!body || !hasStart(body)) return undefined;
    return { level: ref.from, target: statePointer(ref.from, body.StartAt as string) };
  }
  const source = locate(def, ref.from);
  if (!source) return undefined;
  if (ref.edge.kind === "end") {
    return source.state.End === true && canHaveNext(source.state)
      ? { level: source.level }
      : undefined;
  }
  const edge = ref.edge;
  const found = referencesOf(source.state).find((reference) => sameEdge(reference.edge, edge));
  const target = found && statePointer(source.level, found.to);
  return target && locate(def, target) ? { level: source.level, target } : undefined;
}

/** The new state pointed at `target`, as far as its type can go anywhere. */
function link(def: Definition, created: StatePointer, target: StatePointer): Definition {
  const state = locate(def, created)?.state;
  if (!state) return def;
  if (state.Type === "Choice") {
    const withRule = connect(def, {
      from: created,
      edge: { kind: "choice", index: 0 },
      to: target,
    });
    return connect(withRule, { from: created, edge: { kind: "default" }, to: target });
  }
  return canHaveNext(state)
    ? connect(def, { from: created, edge: { kind: "next" }, to: target })
    : def;
}
