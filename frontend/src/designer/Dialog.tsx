/** A modal form: opened on mount (focus goes to its first field), Escape or Cancel closes it,
 * Enter or the primary button submits it; an error shows above the buttons. */

import { useEffect, useId, useRef, type FormEvent, type ReactNode } from "react";

interface Props {
  title: string;
  lead: ReactNode;
  wide?: boolean;
  error: string;
  submitLabel: string;
  submitTestId: string;
  busy?: boolean;
  onSubmit: () => void;
  onClose: () => void;
  children: ReactNode;
}

export function Dialog(props: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    dialog.current?.showModal();
  }, []);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    props.onSubmit();
  };
  return (
    <dialog
      ref={dialog}
      className={props.wide ? "bt-dialog bt-dialog--wide" : "bt-dialog"}
      onClose={props.onClose}
      aria-labelledby={titleId}
    >
      <form onSubmit={submit}>
        <h2 id={titleId}>{props.title}</h2>
        <p className="bt-dialog__lead">{props.lead}</p>
        {props.children}
        {props.error ? (
          <p className="bt-dialog__error" role="alert">
            {props.error}
          </p>
        ) : null}
        <div className="bt-dialog__actions">
          <button type="button" className="btn" onClick={() => dialog.current?.close()}>
            Cancel
          </button>
          <button
            type="submit"
            className="btn primary"
            data-testid={props.submitTestId}
            disabled={props.busy}
          >
            {props.submitLabel}
          </button>
        </div>
      </form>
    </dialog>
  );
}

/** Closes the dialog `element` sits in (after a successful submit). */
export function closeDialogOf(element: Element | null): void {
  element?.closest("dialog")?.close();
}
