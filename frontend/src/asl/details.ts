/** What the read-only details panel shows for a state: its JSON, with nested states summarised. */

import { mapNestedBodies } from "./levels";
import { plural } from "./summary";
import { isObject, type JsonObject } from "./types";

/** Pretty-printed state JSON; each nested branch/processor `States` becomes a short "N states" note. */
export function detailsText(state: JsonObject): string {
  return JSON.stringify(mapNestedBodies(state, noteStates), null, 2);
}

function noteStates(body: unknown): unknown {
  if (!isObject(body) || !isObject(body.States)) return body;
  return {
    ...body,
    States: `(${plural(Object.keys(body.States).length, "state")}, drawn in the graph)`,
  };
}
