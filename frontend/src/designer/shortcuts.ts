/** The designer's keyboard shortcuts, listed on the page and bound on the window. */

export interface Shortcut {
  keys: string;
  what: string;
}

export const SHORTCUTS: Shortcut[] = [
  { keys: "Ctrl+Z", what: "Undo" },
  { keys: "Ctrl+Shift+Z / Ctrl+Y", what: "Redo" },
  { keys: "Delete / Backspace", what: "Delete the selected states or edge" },
  { keys: "Ctrl+C / Ctrl+V", what: "Copy / paste the selected states (with what they hold)" },
  { keys: "Ctrl+S", what: "Save as a new version" },
  { keys: "Shift+click", what: "Select several states" },
  { keys: "Escape", what: "Clear the selection" },
  { keys: "Enter on a palette entry", what: "Add it after the selected state" },
];

export type Command = "undo" | "redo" | "delete" | "copy" | "paste" | "save" | "escape";

/** Whether the key event is typing in a field, where the field's own keys apply. */
export function isTyping(target: EventTarget | null): boolean {
  const element = target as HTMLElement | null;
  if (!element || !element.closest) return false;
  return Boolean(element.closest("input, textarea, select, [contenteditable=true], .cm-editor"));
}

/** The command a key press asks for, or undefined. */
export function commandOf(event: KeyboardEvent): Command | undefined {
  const mod = event.ctrlKey || event.metaKey;
  const key = event.key.toLowerCase();
  if (mod && key === "s") return "save";
  if (isTyping(event.target)) return undefined;
  if (mod && key === "z") return event.shiftKey ? "redo" : "undo";
  if (mod && key === "y") return "redo";
  if (mod && key === "c") return "copy";
  if (mod && key === "v") return "paste";
  if (!mod && (key === "delete" || key === "backspace")) return "delete";
  if (key === "escape") return "escape";
  return undefined;
}
