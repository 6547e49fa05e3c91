/** What the designer's parts share: the page's configuration, diagnostics, picker rows. */

import type { Definition, StatePointer } from "../asl/edits";

/** A diagnostic of POST /api/validate/; `location` is a JSON pointer into the definition. */
export interface Diagnostic {
  code: string;
  message: string;
  location: string;
  severity: "error" | "warning";
}

/** A row of GET /api/functions/. */
export interface FunctionInfo {
  name: string;
  resource: string;
  queued: boolean;
  description: string;
}

/** A row of GET /api/connections/ (only what the picker needs). */
export interface ConnectionInfo {
  name: string;
  arn?: string;
}

/** A row of GET /api/workflows/ (only what the sub-workflow picker needs). */
export interface WorkflowInfo {
  name: string;
  latest_version: { number: number } | null;
}

/** What the Django template hands the designer (a json_script block named by data-config). */
export interface DesignerConfig {
  /** null on /workflows/new/: the first save creates the workflow. */
  workflow: string | null;
  /** The stored version the page opened (null when new). */
  version: number | null;
  /** The definition's text exactly as stored (or the starter for a new workflow). */
  source: string;
  canDesign: boolean;
  aliases: string[];
  urls: {
    api: string; // "/api/"
    workflowPage: string; // "/workflows/" (+ name + "/")
    executionPage: string; // "/executions/" (+ id + "/")
  };
}

/** What an inspector or panel does to the designer: propose the next definition. */
export type ApplyEdit = (next: Definition, coalesceKey?: string) => void;

export type Select = (pointer: StatePointer | null) => void;
