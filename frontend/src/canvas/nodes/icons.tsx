/** One small inline SVG per state type (drawn with currentColor), and a generic one for the rest. */

import type { ReactNode } from "react";

const SHAPES: Record<string, ReactNode> = {
  Task: (
    <>
      <rect x="3" y="5" width="18" height="14" rx="2" />
      <path d="M10 9.5l4.5 2.5-4.5 2.5z" />
    </>
  ),
  Pass: <path d="M4 12h15M13 6l6 6-6 6" />,
  Choice: <path d="M12 3l9 9-9 9-9-9z" />,
  Wait: (
    <>
      <circle cx="12" cy="12" r="9" />
      <path d="M12 7v5l3.5 2" />
    </>
  ),
  Succeed: (
    <>
      <circle cx="12" cy="12" r="9" />
      <path d="M8 12.5l3 3 5-6.5" />
    </>
  ),
  Fail: (
    <>
      <circle cx="12" cy="12" r="9" />
      <path d="M9 9l6 6M15 9l-6 6" />
    </>
  ),
  Parallel: <path d="M12 3v5M12 8l-6 5v8M12 8l6 5v8" />,
  Map: (
    <>
      <rect x="8" y="3" width="13" height="13" rx="2" />
      <path d="M4 8v11a2 2 0 0 0 2 2h11" />
    </>
  ),
};

const UNKNOWN = (
  <>
    <circle cx="12" cy="12" r="9" />
    <path d="M9.5 9.5a2.5 2.5 0 1 1 3.4 2.3c-.6.3-.9.8-.9 1.4v.8M12 17h.01" />
  </>
);

export function TypeIcon({ type }: { type: string }) {
  return (
    <svg className="bt-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      {SHAPES[type] ?? UNKNOWN}
    </svg>
  );
}

/** A person with a tick: a Task that waits for someone's approval (`baton:approval`). */
export function ApprovalIcon() {
  return (
    <svg className="bt-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <circle cx="9" cy="7.5" r="3.5" />
      <path d="M3 20c0-3.6 2.7-6 6-6 1.4 0 2.6.4 3.6 1.1M14 18l2.5 2.5L21 15" />
    </svg>
  );
}

/** The CSS modifier for a type: its own for the eight ASL types, "unknown" for anything else. */
export function typeClass(type: string): string {
  return type in SHAPES ? type.toLowerCase() : "unknown";
}
