/**
 * An unsaved draft survives leaving the page (a test run opens its execution in this tab; a
 * reload; a closed tab): it is kept in sessionStorage per workflow and the version it was
 * drawn on, and offered back when the designer opens that version again.
 */

const PREFIX = "baton:draft:";

export interface KeptDraft {
  text: string;
  savedAt: string;
}

function key(workflow: string | null, version: number | null): string {
  return `${PREFIX}${workflow ?? "(new)"}@${version ?? 0}`;
}

export function keepDraft(workflow: string | null, version: number | null, text: string): void {
  try {
    const draft: KeptDraft = { text, savedAt: new Date().toISOString() };
    sessionStorage.setItem(key(workflow, version), JSON.stringify(draft));
  } catch {
    // storage full or disabled: the leave guard still asks
  }
}

export function forgetDraft(workflow: string | null, version: number | null): void {
  try {
    sessionStorage.removeItem(key(workflow, version));
  } catch {
    // nothing kept
  }
}

export function keptDraft(workflow: string | null, version: number | null): KeptDraft | null {
  try {
    const raw = sessionStorage.getItem(key(workflow, version));
    const draft = raw ? (JSON.parse(raw) as KeptDraft) : null;
    return draft && typeof draft.text === "string" ? draft : null;
  } catch {
    return null;
  }
}
