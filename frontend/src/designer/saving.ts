/**
 * Saving the draft as a new immutable version: POST /api/workflows/ for a new workflow (it
 * becomes version 1), else POST …/versions/; then, when asked, PUT the alias to the new version.
 * The text goes as JSON text, so the server stores it exactly as it was drawn and typed.
 */

import { apiError, call, errorText } from "./api";
import type { Diagnostic } from "./types";

export interface SaveRequest {
  apiBase: string;
  /** null: create the workflow named `name`. */
  workflow: string | null;
  name: string;
  text: string;
  comment: string;
  alias: string;
}

export type SaveResult =
  | { ok: true; workflow: string; version: number; aliasError?: string }
  | { ok: false; message: string; diagnostics: Diagnostic[] };

export async function saveVersion(request: SaveRequest): Promise<SaveResult> {
  const { apiBase, workflow, text, comment } = request;
  const answer = workflow
    ? await call<{ number: number }>(
        "POST",
        `${apiBase}workflows/${encodeURIComponent(workflow)}/versions/`,
        { definition: text, description: comment },
      )
    : await call<{ name: string; latest_version: { number: number } | null }>(
        "POST",
        `${apiBase}workflows/`,
        { name: request.name, definition: text, comment },
      );
  if (!answer.ok) {
    const { details } = apiError(answer);
    const diagnostics = Array.isArray(details.diagnostics)
      ? (details.diagnostics as Diagnostic[])
      : [];
    return { ok: false, message: errorText(answer), diagnostics };
  }
  const name = workflow ?? request.name;
  const data = answer.data as { number?: number; latest_version?: { number: number } | null };
  const version = data.number ?? data.latest_version?.number ?? 1;
  const aliasError = request.alias ? await moveAlias(apiBase, name, request.alias, version) : "";
  return { ok: true, workflow: name, version, aliasError: aliasError || undefined };
}

async function moveAlias(apiBase: string, workflow: string, alias: string, version: number) {
  const url = `${apiBase}workflows/${encodeURIComponent(workflow)}/aliases/${encodeURIComponent(alias)}/`;
  const answer = await call("PUT", url, { routes: [{ version }] });
  return answer.ok ? "" : `The alias was not moved: ${errorText(answer)}`;
}
