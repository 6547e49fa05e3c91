/** What every inspector field reads without it being passed down: read-only, and the diagnostics. */

import { createContext, useContext } from "react";
import type { Diagnostic } from "../types";
import { diagnosticsAt, diagnosticsUnder } from "./model";

export interface FormSettings {
  readOnly: boolean;
  diagnostics: readonly Diagnostic[];
}

export const FormContext = createContext<FormSettings>({ readOnly: true, diagnostics: [] });

export function useReadOnly(): boolean {
  return useContext(FormContext).readOnly;
}

/** Diagnostics for a field at `at` (a leaf, or a JSON field holding everything under it). */
export function useMessages(at: string | undefined, exact = false): Diagnostic[] {
  const { diagnostics } = useContext(FormContext);
  if (at === undefined) return [];
  return exact ? diagnosticsAt(diagnostics, at) : diagnosticsUnder(diagnostics, at);
}
