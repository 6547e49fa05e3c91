/** Small shared controls: buttons, a list item's move / remove buttons, a section heading. */

import { useId, type ReactNode } from "react";
import { useMessages, useReadOnly } from "./context";
import { FieldErrors } from "./fields";

interface ButtonProps {
  onClick: () => void;
  children: ReactNode;
  label?: string;
  disabled?: boolean;
  variant?: "primary" | "danger";
}

export function Button({ onClick, children, label, disabled, variant }: ButtonProps) {
  const readOnly = useReadOnly();
  return (
    <button
      type="button"
      className={`bt-insp__btn${variant ? ` bt-insp__btn--${variant}` : ""}`}
      aria-label={label}
      title={label}
      disabled={readOnly || disabled}
      onClick={onClick}
    >
      {children}
    </button>
  );
}

interface ItemControlsProps {
  /** "retrier 2": what the buttons' labels name. */
  what: string;
  index: number;
  count: number;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
}

export function ItemControls({ what, index, count, onMove, onRemove }: ItemControlsProps) {
  return (
    <span className="bt-insp__item-controls">
      <Button label={`Move ${what} up`} disabled={index === 0} onClick={() => onMove(-1)}>
        ↑
      </Button>
      <Button label={`Move ${what} down`} disabled={index >= count - 1} onClick={() => onMove(1)}>
        ↓
      </Button>
      <Button label={`Remove ${what}`} variant="danger" onClick={onRemove}>
        ×
      </Button>
    </span>
  );
}

interface SectionProps {
  title: string;
  /** Pointer of the list (its own diagnostics, e.g. an empty `Choices`, show under the title). */
  at: string;
  testId?: string;
  actions?: ReactNode;
  children: ReactNode;
}

export function Section({ title, at, testId, actions, children }: SectionProps) {
  const messages = useMessages(at, true);
  const headingId = useId();
  return (
    <section className="bt-insp__section" data-testid={testId} aria-labelledby={headingId}>
      <div className="bt-insp__section-head">
        <h3 id={headingId}>{title}</h3>
        {actions}
      </div>
      <FieldErrors id={`${headingId}-errors`} messages={messages} />
      {children}
    </section>
  );
}

/** Options of a select naming a state of the level; a missing current target is kept visible. */
export function StateOptions({ names, current }: { names: string[]; current?: unknown }) {
  const missing = typeof current === "string" && !names.includes(current);
  return (
    <>
      {names.map((name) => (
        <option key={name} value={`state:${name}`}>
          {name}
        </option>
      ))}
      {missing ? <option value={`state:${current}`}>{`${current} (missing)`}</option> : null}
    </>
  );
}

/** The select value for a target name (see StateOptions). */
export function targetValue(name: unknown): string {
  return typeof name === "string" ? `state:${name}` : "";
}

/** The state name a select value names, if it names one. */
export function targetName(value: string): string | undefined {
  return value.startsWith("state:") ? value.slice("state:".length) : undefined;
}
