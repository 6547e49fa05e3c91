/** The server's diagnostics for the draft: POST /api/validate/, debounced, latest wins. */

import { useEffect, useState } from "react";
import { call } from "./api";
import type { Diagnostic } from "./types";

const DEBOUNCE_MS = 350;

export function useValidation(
  apiBase: string,
  text: string,
  parses: boolean,
): { diagnostics: Diagnostic[]; checking: boolean } {
  const [diagnostics, setDiagnostics] = useState<Diagnostic[]>([]);
  const [checking, setChecking] = useState(true);
  useEffect(() => {
    if (!parses) return;
    setChecking(true);
    const abort = new AbortController();
    const timer = window.setTimeout(() => {
      call<{ diagnostics: Diagnostic[] }>(
        "POST",
        `${apiBase}validate/`,
        { definition: text },
        abort.signal,
      )
        .then((answer) => {
          if (answer.ok) setDiagnostics(answer.data.diagnostics);
          setChecking(false);
        })
        .catch(() => undefined); // aborted by a newer text, or offline: keep the last answer
    }, DEBOUNCE_MS);
    return () => {
      window.clearTimeout(timer);
      abort.abort();
    };
  }, [apiBase, text, parses]);
  return { diagnostics, checking };
}
