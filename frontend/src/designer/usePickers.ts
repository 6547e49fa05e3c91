/** What the inspector's pickers offer: registered functions, connections and workflows. */

import { useEffect, useState } from "react";
import { call } from "./api";
import type { ConnectionInfo, FunctionInfo, WorkflowInfo } from "./types";

export interface Pickers {
  functions: FunctionInfo[];
  connections: ConnectionInfo[];
  workflows: WorkflowInfo[];
}

const EMPTY: Pickers = { functions: [], connections: [], workflows: [] };

async function list<T>(url: string): Promise<T[]> {
  const answer = await call<T[] | { results?: T[] }>("GET", url);
  if (!answer.ok) return [];
  const data = answer.data;
  return Array.isArray(data) ? data : (data?.results ?? []);
}

/** Only for a role that designs: connections are not for viewers, and nor are the pickers. */
export function usePickers(apiBase: string, enabled: boolean): Pickers {
  const [pickers, setPickers] = useState(EMPTY);
  useEffect(() => {
    if (!enabled) return;
    Promise.all([
      list<FunctionInfo>(`${apiBase}functions/`),
      list<ConnectionInfo>(`${apiBase}connections/`),
      list<WorkflowInfo>(`${apiBase}workflows/`),
    ])
      .then(([functions, connections, workflows]) =>
        setPickers({ functions, connections, workflows }),
      )
      .catch(() => undefined); // the pickers stay empty; the fields still take typed values
  }, [apiBase, enabled]);
  return pickers;
}
