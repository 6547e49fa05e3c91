/** Window-level behaviour of the designer: its keyboard shortcuts and the guard against
 * leaving with unsaved changes. */

import { useEffect, useRef } from "react";
import { keepDraft } from "./drafts";
import { commandOf, type Command } from "./shortcuts";

let leavingOnPurpose = false;

/** The next navigation is the designer's own (a test run opening its execution). */
export function allowLeaving(): void {
  leavingOnPurpose = true;
}

export function useKeyboard(editable: boolean, handlers: Record<Command, () => void>): void {
  const latest = useRef(handlers);
  latest.current = handlers;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const command = commandOf(event);
      if (!command || (!editable && command !== "escape" && command !== "copy")) return;
      event.preventDefault();
      latest.current[command]();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [editable]);
}

/** While dirty, the browser asks before the page is left; the draft is kept either way. */
export function useLeaveGuard(
  dirty: boolean,
  workflow: string | null,
  version: number | null,
  text: string,
): void {
  useEffect(() => {
    if (!dirty) return;
    const onLeave = (event: BeforeUnloadEvent) => {
      keepDraft(workflow, version, text);
      if (leavingOnPurpose) return;
      event.preventDefault();
      event.returnValue = "";
    };
    window.addEventListener("beforeunload", onLeave);
    return () => window.removeEventListener("beforeunload", onLeave);
  }, [dirty, workflow, version, text]);
}
