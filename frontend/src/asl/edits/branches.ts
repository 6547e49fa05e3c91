/** Parallel branches: adding one (holding a single Pass) and removing one. */

import { join, split } from "../pointer";
import { locate, parseStatePointer, updateAt } from "./core";
import { freeName } from "./names";
import { setKey } from "./objects";
import { branchBody } from "./templates";
import type { Definition, StatePointer } from "./types";

/** A new branch with one Pass state at `index` of the Parallel's `Branches` (default: last). */
export function addBranch(def: Definition, parallel: StatePointer, index?: number): Definition {
  const found = locate(def, parallel);
  const branches = found?.state.Branches;
  if (found?.state.Type !== "Parallel" || !Array.isArray(branches)) return def;
  const at = index === undefined ? branches.length : Math.max(0, Math.min(index, branches.length));
  const body = branchBody((base) => freeName(def, base));
  return updateAt(def, parallel, (state) =>
    setKey(state, "Branches", [...branches.slice(0, at), body, ...branches.slice(at)]),
  );
}

/**
 * Removes the branch at `branch` (`<parallel>/Branches/<i>`, the graph's branch node id), with
 * its states. A Parallel keeps at least one branch: removing the last one is refused.
 */
export function removeBranch(def: Definition, branch: string): Definition {
  const tokens = branch.startsWith("/") ? split(branch) : [];
  const index = Number(tokens[tokens.length - 1]);
  const parallel = join("", ...tokens.slice(0, -2));
  const found = parseStatePointer(parallel) && locate(def, parallel);
  const branches = found ? found.state.Branches : undefined;
  if (!found || tokens[tokens.length - 2] !== "Branches" || !Array.isArray(branches)) return def;
  if (found.state.Type !== "Parallel" || branches.length < 2 || !(index in branches)) return def;
  return updateAt(def, parallel, (state) =>
    setKey(
      state,
      "Branches",
      branches.filter((_body, at) => at !== index),
    ),
  );
}
